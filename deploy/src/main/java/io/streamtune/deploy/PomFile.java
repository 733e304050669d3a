package io.streamtune.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;

/** The few parts of a pom.xml the checks need. */
public final class PomFile {

    private final Element project;

    private PomFile(Element project) {
        this.project = project;
    }

    public static PomFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " does not exist.");
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return new PomFile(f.newDocumentBuilder().parse(file.toFile()).getDocumentElement());
        } catch (Exception e) {
            throw new IllegalArgumentException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public Optional<String> version() {
        return text(project, "version");
    }

    public Optional<String> property(String name) {
        return Optional.ofNullable(child(project, "properties")).flatMap(p -> text(p, name));
    }

    public List<String> modules() {
        return texts(child(project, "modules"), "module");
    }

    /** The artifactIds of the declared dependencies (not of dependencyManagement). */
    public List<String> dependencyArtifactIds() {
        List<String> ids = new ArrayList<>();
        Element deps = child(project, "dependencies");
        for (Element dep : children(deps, "dependency")) {
            text(dep, "artifactId").ifPresent(ids::add);
        }
        return ids;
    }

    private static List<String> texts(Element parent, String name) {
        List<String> out = new ArrayList<>();
        for (Element e : children(parent, name)) {
            out.add(e.getTextContent().trim());
        }
        return out;
    }

    private static Optional<String> text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? Optional.empty() : Optional.of(e.getTextContent().trim());
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }
}
