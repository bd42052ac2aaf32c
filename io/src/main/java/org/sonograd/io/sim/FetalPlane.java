package org.sonograd.io.sim;

/** Fetal standard planes (the per-frame labels of fetal videos); OTHER is anything in between. */
public enum FetalPlane {
    HEAD("head"), ABDOMEN("abdomen"), FEMUR("femur"), HEART("four-chamber heart"), SPINE("spine"),
    KIDNEYS("kidneys"), FACE("lips and face"), OTHER("other");

    private final String spoken;

    FetalPlane(String spoken) {
        this.spoken = spoken;
    }

    /** How a sonographer would name it. */
    public String spoken() {
        return spoken;
    }
}
