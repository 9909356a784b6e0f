/**
 * The running director: start, reload and stop of everything the configuration calls for, configuration watching and signals.
 */
package io.ipvsdirector.director;
