/**
 * Health checks: one probe per distinct target and check, one class per check type, rise/fall and verdict events. Sockets only, no kernel tables.
 */
package io.ipvsdirector.health;
