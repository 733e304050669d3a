package io.streamtune.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** One byte per moment value: how close the decoded values come, and what never happens to them. */
class MomentCodecTest {

    @Test
    void firstMomentsComeBackWithinSixPercentDownToTwoToTheMinus21OfTheirBlock() {
        float[] m = values(10_000, true);
        MomentCodec.Encoded e = MomentCodec.encodeSigned(m);
        assertEquals(10_000, e.codes().length);
        assertEquals(40, e.absmax().length);
        float[] back = MomentCodec.decode(e, true);
        int zeroed = 0;
        for (int i = 0; i < m.length; i++) {
            float max = e.absmax()[i / MomentCodec.BLOCK];
            if (Math.abs(m[i]) < max * Math.pow(2, -21)) {
                assertTrue(Math.abs(back[i]) <= max * Math.pow(2, -20.9), "tiny value " + m[i] + " -> " + back[i]);
                zeroed++;
                continue;
            }
            assertEquals(Math.signum(m[i]), Math.signum(back[i]), "sign at " + i);
            assertTrue(Math.abs(back[i] / m[i] - 1) <= 0.06, m[i] + " -> " + back[i]);
        }
        assertTrue(zeroed < m.length / 100, zeroed + " values below the code's range");
        for (int b = 0; b < e.absmax().length; b++) {
            float max = 0;
            for (int i = b * MomentCodec.BLOCK; i < Math.min(m.length, (b + 1) * MomentCodec.BLOCK); i++) {
                max = Math.max(max, Math.abs(back[i]));
            }
            assertEquals(e.absmax()[b], max, "a block's largest value comes back exactly");
        }
    }

    @Test
    void secondMomentsComeBackWithinFourPointFivePercentAndNeverAsZero() {
        float[] v = values(5_000, false);
        v[7] = 0;
        v[8] = 1e-30f; // far below its block's range: rounds up, not to zero
        MomentCodec.Encoded e = MomentCodec.encodeUnsigned(v);
        float[] back = MomentCodec.decode(e, false);
        assertEquals(0f, back[7]);
        assertTrue(back[8] > 0 && back[8] >= v[8]);
        for (int i = 0; i < v.length; i++) {
            float max = e.absmax()[i / MomentCodec.BLOCK];
            if (v[i] > 0 && v[i] >= max * Math.pow(2, -31.7)) {
                assertTrue(Math.abs(back[i] / v[i] - 1) <= 0.045, v[i] + " -> " + back[i]);
            }
            assertTrue(v[i] == 0 || back[i] > 0, "non-zero " + v[i] + " decoded as 0");
        }
    }

    @Test
    void decodingIsATableLookupSoItRepeatsBitForBit() {
        float[] m = values(3_000, true);
        MomentCodec.Encoded e = MomentCodec.encodeSigned(m);
        float[] once = MomentCodec.decode(e, true);
        assertArrayEquals(once, MomentCodec.decode(new MomentCodec.Encoded(e.codes().clone(), e.absmax().clone()), true));
        // values already on the code's levels encode to themselves
        assertArrayEquals(e.codes(), MomentCodec.encodeSigned(once).codes());
        assertArrayEquals(once, MomentCodec.decode(MomentCodec.encodeSigned(once), true));
    }

    @Test
    void refusesWhatAMomentCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> MomentCodec.encodeSigned(new float[] {1, Float.NaN}));
        assertThrows(IllegalArgumentException.class, () -> MomentCodec.encodeUnsigned(new float[] {1, -1e-9f}));
        assertThrows(IllegalArgumentException.class,
                () -> MomentCodec.decode(new MomentCodec.Encoded(new byte[300], new float[1]), true));
        assertArrayEquals(new float[4], MomentCodec.decode(MomentCodec.encodeSigned(new float[4]), true));
    }

    /** Log-uniform magnitudes over six decades, as Adam's moments spread, random signs for the first moment. */
    private static float[] values(int n, boolean signed) {
        SplittableRandom r = new SplittableRandom(7);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            float magnitude = (float) Math.pow(10, -12 + 6 * r.nextDouble());
            out[i] = signed && r.nextBoolean() ? -magnitude : magnitude;
        }
        return out;
    }
}
