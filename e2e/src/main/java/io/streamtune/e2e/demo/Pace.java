package io.streamtune.e2e.demo;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How a {@code --rate} run streams: first a warm-up of {@code warmup} emails sent at once (trained, checkpointed and
 * decided on before anything else is sent), then the rest as Poisson arrivals at {@code perSecond} emails per second,
 * on a schedule drawn from {@code seed}. A rate of NaN means {@code auto}: {@link #AUTO_SHARE} of the trainer's
 * capacity as the warm-up measured it.
 */
record Pace(double perSecond, int warmup, long seed) {

    /** {@code --rate auto} keeps the trainer busy this share of the time: half, so queues stay short. */
    static final double AUTO_SHARE = 0.5;
    static final int DEFAULT_WARMUP = 400;
    static final long DEFAULT_SEED = 42L;

    boolean auto() {
        return Double.isNaN(perSecond);
    }

    /**
     * The rate that puts {@code AUTO_SHARE} of the trainer's capacity on it: the trainer sees only the training share
     * of the emails (ingest holds the rest out).
     *
     * @param capacity training emails the trainer takes per second of step time
     * @param trainShare the share of accepted emails that went to training
     */
    static double autoRate(double capacity, double trainShare) {
        if (!(capacity > 0) || !(trainShare > 0)) {
            throw new IllegalStateException(String.format(Locale.ROOT, "--rate auto needs the trainer's capacity from "
                    + "the warm-up, but the warm-up measured %.3f training emails per second of step time (%.2f of the "
                    + "emails for training): give --rate N instead.", capacity, trainShare));
        }
        return AUTO_SHARE * capacity / trainShare;
    }

    /** {@code --rate}'s value: a number of emails per second above 0, or {@code auto} (NaN). */
    static final class RateConverter implements ITypeConverter<Double> {

        @Override
        public Double convert(String value) {
            if ("auto".equalsIgnoreCase(value)) {
                return Double.NaN;
            }
            double rate;
            try {
                rate = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is neither a number of emails per second nor auto");
            }
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new TypeConversionException("'" + value + "': the rate must be above 0 emails per second");
            }
            return rate;
        }
    }
}
