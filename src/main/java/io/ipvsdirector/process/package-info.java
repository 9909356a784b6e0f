/**
 * The processes the director runs (check programs, tracker scripts, notify scripts): ending a
 * whole process tree at a timeout.
 */
package io.ipvsdirector.process;
