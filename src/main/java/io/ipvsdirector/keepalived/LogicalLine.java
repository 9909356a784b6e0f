package io.ipvsdirector.keepalived;

/** One line of configuration after continuation, comments, conditionals and variables were handled. */
record LogicalLine(SourcePos pos, String text) {
}
