/**
 * {@code import-keepalived}: reads a keepalived.conf as keepalived does ({@link ConfigReader}: includes,
 * comments, variables, conditional lines; {@link Tokenizer}; {@link Parser} into {@link KNode} trees),
 * converts it section by section into a target model ({@link Target}), and writes this director's YAML
 * ({@link YamlWriter}). Every keyword that is approximated or left out becomes a {@link Finding}.
 * Touches no kernel.
 */
package io.ipvsdirector.keepalived;
