package io.streamtune.deploy;

import java.util.ArrayList;
import java.util.List;

/** The problems a check found, each naming the file (and object) it is about. */
public final class Findings {

    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public void add(String where, String problem) {
        problems.add(where + ": " + problem);
    }

    /** Something the check could not do here (e.g. no kubectl), reported but not a failure. */
    public void note(String note) {
        notes.add(note);
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    @Override
    public String toString() {
        return problems.isEmpty() ? "no problems" : String.join("\n", problems);
    }
}
