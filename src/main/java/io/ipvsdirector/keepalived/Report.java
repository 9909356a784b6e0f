package io.ipvsdirector.keepalived;

import java.util.ArrayList;
import java.util.List;

/** The findings of one import, in the order they were made. */
public final class Report {
    private final List<Finding> findings = new ArrayList<>();

    void approximated(SourcePos pos, String keyword, String message) {
        add(new Finding(pos, keyword, Finding.Kind.APPROXIMATED, message));
    }

    void dropped(SourcePos pos, String keyword, String message) {
        add(new Finding(pos, keyword, Finding.Kind.DROPPED, message));
    }

    void note(SourcePos pos, String keyword, String message) {
        add(new Finding(pos, keyword, Finding.Kind.NOTE, message));
    }

    /** A keyword inherited by several real servers is reported once. */
    private void add(Finding f) {
        if (!findings.contains(f)) {
            findings.add(f);
        }
    }

    void approximated(KNode n, String message) {
        approximated(n.pos(), n.keyword(), message);
    }

    void dropped(KNode n, String message) {
        dropped(n.pos(), n.keyword(), message);
    }

    public List<Finding> findings() {
        return List.copyOf(findings);
    }

    public long count(Finding.Kind kind) {
        return findings.stream().filter(f -> f.kind() == kind).count();
    }

    /** True when something was approximated or left out. */
    public boolean lossy() {
        return findings.stream().anyMatch(Finding::counts);
    }
}
