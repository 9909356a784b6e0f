package io.ipvsdirector.process;

import java.util.List;

/** Ends a process and everything it started. Blocking (it reads /proc): call it on a worker thread. */
public final class ProcessTrees {
    private ProcessTrees() {
    }

    /**
     * Lists the whole tree, kills the process first (so that a shell cannot go on to its next command
     * when it sees a child die), then every listed descendant, then whatever those had started
     * meanwhile. The JDK reaps the process itself; orphans go to init, which reaps them.
     */
    public static Void kill(Process process) {
        ProcessHandle root = process.toHandle();
        List<ProcessHandle> tree = root.descendants().toList();
        root.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        tree.forEach(h -> h.descendants().forEach(ProcessHandle::destroyForcibly));
        return null;
    }
}
