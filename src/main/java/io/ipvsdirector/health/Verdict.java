package io.ipvsdirector.health;

/** Whether a real server may take traffic, as its checks decide. */
public enum Verdict {
    UP, DOWN
}
