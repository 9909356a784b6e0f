package io.ipvsdirector.keepalived;

import java.util.List;
import java.util.Optional;

/**
 * One statement of keepalived configuration: its first word, the words after it and, for a block,
 * the statements inside its braces ({@code children} is null for a statement without a block).
 */
record KNode(String keyword, List<String> args, List<KNode> children, SourcePos pos) {
    KNode {
        args = List.copyOf(args);
        children = children == null ? null : List.copyOf(children);
    }

    boolean isBlock() {
        return children != null;
    }

    List<KNode> body() {
        return children == null ? List.of() : children;
    }

    /** The argument at {@code i}, if there is one. */
    Optional<String> arg(int i) {
        return i < args.size() ? Optional.of(args.get(i)) : Optional.empty();
    }

    /** The arguments joined by one space (a value written over several words). */
    String joinedArgs() {
        return String.join(" ", args);
    }

    /** The words of this statement, keyword first. */
    List<String> words() {
        java.util.ArrayList<String> w = new java.util.ArrayList<>();
        w.add(keyword);
        w.addAll(args);
        return w;
    }
}
