package io.ipvsdirector.keepalived;

/** A word of a line, a quoted string (quotes removed) or a brace. */
record Token(String text, boolean quoted, SourcePos pos) {
    boolean is(String brace) {
        return !quoted && text.equals(brace);
    }
}
