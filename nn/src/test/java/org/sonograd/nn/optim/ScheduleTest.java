package org.sonograd.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ScheduleTest {
    @Test
    void warmupCosineHitsItsClosedFormValues() {
        WarmupCosine s = new WarmupCosine(1.0, 0.0, 0.1, 10, 110);
        assertEquals(0.0, s.at(0), 1e-15);
        assertEquals(0.5, s.at(5), 1e-15);
        assertEquals(1.0, s.at(10), 1e-15);
        assertEquals(0.1 + 0.45 * (1 + Math.cos(Math.PI / 4)), s.at(35), 1e-15);
        assertEquals(0.55, s.at(60), 1e-15);
        assertEquals(0.1, s.at(110), 1e-15);
        assertEquals(0.1, s.at(1000), 1e-15);
        assertEquals(2.0, new WarmupCosine(2.0, 0.5, 0, 0, 4).at(0), 1e-15, "no warm-up starts at base");
        assertThrows(IllegalArgumentException.class, () -> new WarmupCosine(1, 0, 0, 10, 10));
    }

    @Test
    void stepDecayMultipliesByGammaEveryStepSize() {
        StepDecay s = new StepDecay(0.1, 0.5, 30);
        assertEquals(0.1, s.at(0), 1e-15);
        assertEquals(0.1, s.at(29), 1e-15);
        assertEquals(0.05, s.at(30), 1e-15);
        assertEquals(0.0125, s.at(95), 1e-15);
        assertEquals(0.7, Schedule.constant(0.7).at(123), 0);
    }
}
