/**
 * The ipvs-director command line, one class per command.
 */
package io.ipvsdirector.cli;
