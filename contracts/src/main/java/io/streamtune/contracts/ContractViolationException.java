package io.streamtune.contracts;

import java.util.List;
import java.util.stream.Collectors;

/** A value that breaks the contract; carries every violation found, each naming its field. */
public class ContractViolationException extends IllegalArgumentException {

    private final transient List<Violation> violations;

    public ContractViolationException(List<Violation> violations) {
        super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public ContractViolationException(String field, String reason) {
        this(List.of(new Violation(field, reason)));
    }

    public List<Violation> violations() {
        return violations;
    }

    /** Throws when the list is not empty. */
    static void throwIfAny(List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw new ContractViolationException(violations);
        }
    }
}
