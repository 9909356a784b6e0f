/**
 * The processes the director runs (check programs, tracker scripts, notify scripts): as which
 * user and with which privileges, and ending a whole process tree at a timeout.
 */
package io.ipvsdirector.process;
