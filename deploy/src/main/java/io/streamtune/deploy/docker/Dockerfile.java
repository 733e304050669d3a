package io.streamtune.deploy.docker;

import io.streamtune.deploy.YamlFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Dockerfile as instructions (continuations joined, comments dropped), grouped by build stage. */
final class Dockerfile {

    record Instruction(String keyword, String args) {
    }

    record Stage(String image, String name, List<Instruction> instructions) {

        List<String> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::args).toList();
        }

        /** Every ENV of the stage, later ones winning. */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            for (String args : all("ENV")) {
                env.putAll(parseEnv(args));
            }
            return env;
        }
    }

    private final List<Stage> stages;
    private final String text;

    private Dockerfile(List<Stage> stages, String text) {
        this.stages = stages;
        this.text = text;
    }

    static Dockerfile read(Path file) {
        String text = YamlFiles.read(file);
        List<String> logical = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : text.split("\\r?\\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                cur.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            cur.append(trimmed);
            if (!cur.toString().isBlank()) {
                logical.add(cur.toString().strip());
            }
            cur.setLength(0);
        }
        List<Stage> stages = new ArrayList<>();
        for (String l : logical) {
            int sp = l.indexOf(' ');
            String kw = (sp < 0 ? l : l.substring(0, sp)).toUpperCase();
            String args = sp < 0 ? "" : l.substring(sp + 1).strip();
            if (kw.equals("FROM")) {
                String[] parts = args.replaceAll("--platform=\\S+\\s*", "").split("\\s+");
                String name = parts.length >= 3 && parts[1].equalsIgnoreCase("AS") ? parts[2] : null;
                stages.add(new Stage(parts[0], name, new ArrayList<>()));
            } else if (!stages.isEmpty()) {
                stages.get(stages.size() - 1).instructions().add(new Instruction(kw, args));
            }
            // ARGs before the first FROM only parameterise FROM lines and build stages
        }
        return new Dockerfile(List.copyOf(stages), text);
    }

    List<Stage> stages() {
        return stages;
    }

    Stage last() {
        return stages.isEmpty() ? new Stage("", null, List.of()) : stages.get(stages.size() - 1);
    }

    String text() {
        return text;
    }

    /** {@code K=V K2="v w"} (or the legacy {@code K V}) into a map. */
    static Map<String, String> parseEnv(String args) {
        Map<String, String> env = new LinkedHashMap<>();
        List<String> tokens = tokens(args);
        if (tokens.size() >= 1 && !tokens.get(0).contains("=")) {
            env.put(tokens.get(0), String.join(" ", tokens.subList(1, tokens.size())));
            return env;
        }
        for (String t : tokens) {
            int eq = t.indexOf('=');
            if (eq > 0) {
                env.put(t.substring(0, eq), t.substring(eq + 1));
            }
        }
        return env;
    }

    private static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && i + 1 < s.length()) {
                cur.append(s.charAt(++i));
            } else if (Character.isWhitespace(c) && !quoted) {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }
}
