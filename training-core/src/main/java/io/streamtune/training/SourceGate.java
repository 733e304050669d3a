package io.streamtune.training;

import java.util.Set;

/** Which feedback sources of a model are kept from training (quarantined); asked by the training thread. */
public interface SourceGate {

    /** The sources of {@code model} not to train on now: an immutable set, equal to the last one when unchanged. */
    Set<String> blocked(String model);

    SourceGate NONE = model -> Set.of();
}
