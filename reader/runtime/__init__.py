"""Process-level services below every layer: the one safe file opener (safeio), worker processes and
signals (procs), and pausing the cycle collector (gcpause)."""
