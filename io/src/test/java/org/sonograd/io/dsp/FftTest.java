package org.sonograd.io.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FftTest {
    @Test
    void matchesNaiveDftOnEveryColumn() {
        int n = 64;
        int cols = 19;
        SplittableRandom r = new SplittableRandom(3);
        float[] re = new float[n * cols];
        float[] im = new float[n * cols];
        for (int i = 0; i < re.length; i++) {
            re[i] = (float) r.nextGaussian();
            im[i] = (float) r.nextGaussian();
        }
        float[] re0 = re.clone();
        float[] im0 = im.clone();
        new Fft(n).transformColumns(re, im, cols, false);
        for (int c = 0; c < cols; c++) {
            for (int k = 0; k < n; k++) {
                double sr = 0;
                double si = 0;
                for (int j = 0; j < n; j++) {
                    double a = -2 * Math.PI * j * k / n;
                    sr += re0[j * cols + c] * Math.cos(a) - im0[j * cols + c] * Math.sin(a);
                    si += re0[j * cols + c] * Math.sin(a) + im0[j * cols + c] * Math.cos(a);
                }
                assertEquals(sr, re[k * cols + c], 1e-3);
                assertEquals(si, im[k * cols + c], 1e-3);
            }
        }
        new Fft(n).transformColumns(re, im, cols, true);
        for (int i = 0; i < re.length; i++) {
            assertEquals(re0[i], re[i], 1e-4);
            assertEquals(im0[i], im[i], 1e-4);
        }
    }

    @Test
    void rejectsLengthsThatAreNotPowersOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new Fft(48));
    }

    @Test
    void envelopeOfGaussianModulatedCosineIsTheGaussian() {
        int n = 256;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double g = Math.exp(-Math.pow(i - 128, 2) / (2 * 12.0 * 12.0));
            x[i] = (float) (g * Math.cos(2 * Math.PI * i / 8.0));
        }
        new AnalyticSignal(n).envelopeColumns(x, 1);
        for (int i = 64; i < 192; i++) {
            double g = Math.exp(-Math.pow(i - 128, 2) / (2 * 12.0 * 12.0));
            assertEquals(g, x[i], 0.01, "envelope at " + i);
        }
    }
}
