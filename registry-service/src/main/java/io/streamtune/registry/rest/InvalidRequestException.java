package io.streamtune.registry.rest;

import io.streamtune.contracts.ContractViolationException;
import io.streamtune.contracts.Violation;
import java.util.List;

/** A request a user got wrong: answered 400 with every violation. */
public class InvalidRequestException extends ContractViolationException {

    public InvalidRequestException(String field, String reason) {
        super(field, reason);
    }

    public InvalidRequestException(List<Violation> violations) {
        super(violations);
    }
}
