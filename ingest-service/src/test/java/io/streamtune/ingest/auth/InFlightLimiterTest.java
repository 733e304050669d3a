package io.streamtune.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class InFlightLimiterTest {

    private final ApiKey a = new ApiKey("a", Set.of("*"));
    private final ApiKey b = new ApiKey("b", Set.of("*"));

    @Test
    void aKeyAndTheWholeAreLimitedAndAnExitCountsOnce() {
        InFlightLimiter limiter = new InFlightLimiter(2, 3);
        assertThat(limiter.enter(a)).isEmpty();
        assertThat(limiter.enter(a)).isEmpty();
        assertThat(limiter.enter(a)).hasValue(InFlightLimiter.Full.KEY);
        assertThat(limiter.enter(b)).isEmpty();
        assertThat(limiter.enter(b)).hasValue(InFlightLimiter.Full.OVERALL);
        Runnable exit = limiter.exitOnce(b);
        exit.run();
        exit.run(); // a response that ends and then closes its connection is one exit
        assertThat(limiter.enter(b)).isEmpty();
        assertThat(limiter.enter(b)).hasValue(InFlightLimiter.Full.OVERALL);
        assertThat(limiter.limit(InFlightLimiter.Full.KEY)).isEqualTo(2);
    }
}
