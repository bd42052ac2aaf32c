package org.sonograd.io.sim;

/** The simulated scenes. */
public enum SceneKind {
    /** Fetal standard-plane sweeps with per-frame plane labels, gaze and narration. */
    FETAL(new FetalScene()),
    /** Lung point-of-care: regular (A-lines, sliding), covid (B-lines), pneumonia (consolidation). */
    LUNG(new LungScene()),
    /** Breast: normal, benign, malignant with lesion masks. */
    BREAST(new BreastScene()),
    /** Apical four-chamber echocardiography: normal vs abnormal, LV/myocardium/LA masks. */
    ECHO(new EchoScene());

    private final Scene scene;

    SceneKind(Scene scene) {
        this.scene = scene;
    }

    /** The generator of this scene. */
    public Scene scene() {
        return scene;
    }

    /** Parses a scene name case-insensitively, naming the valid choices on failure. */
    public static SceneKind parse(String name) {
        for (SceneKind k : values()) {
            if (k.name().equalsIgnoreCase(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown scene '" + name + "'; choose one of fetal, lung, breast, echo");
    }
}
