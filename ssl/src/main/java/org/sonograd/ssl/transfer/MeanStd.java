package org.sonograd.ssl.transfer;

/** Mean and sample standard deviation (n − 1) of repeated measurements. */
public record MeanStd(double mean, double std, int n) {

    /** Of {@code values} (std 0 for a single value). */
    public static MeanStd of(double... values) {
        double m = 0;
        for (double v : values) {
            m += v;
        }
        m /= values.length;
        double ss = 0;
        for (double v : values) {
            ss += (v - m) * (v - m);
        }
        return new MeanStd(m, values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : 0, values.length);
    }

    @Override
    public String toString() {
        return String.format("%.3f ± %.3f", mean, std);
    }
}
