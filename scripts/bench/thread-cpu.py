#!/usr/bin/env python3
"""CPU time per thread group of one process, from /proc (no agent, no JFR).

  thread-cpu.py sample PID DIR          every 2 s until PID exits: DIR/s.<epoch ms> = "tid name ticks" per thread
  thread-cpu.py report DIR FROM_MS TO_MS   CPU seconds per thread group between the snapshots nearest FROM and TO

Groups: JIT compiler threads (C1/C2), GC threads, and every other thread by its name with digits
folded (hearth-write, hearth-log-committer, Ignite's checkpoint and WAL threads...). Threads that
exit between the two snapshots lose their time, so short-lived threads are under-counted.
"""
import collections
import glob
import os
import re
import sys
import time

TICKS = os.sysconf('SC_CLK_TCK')


def sample(pid, out):
    os.makedirs(out, exist_ok=True)
    while os.path.exists('/proc/%s' % pid):
        now = int(time.time() * 1000)
        lines = []
        try:
            tids = os.listdir('/proc/%s/task' % pid)
        except OSError:
            break
        for tid in tids:
            try:
                with open('/proc/%s/task/%s/stat' % (pid, tid)) as f:
                    s = f.read()
            except OSError:
                continue
            name = s[s.index('(') + 1:s.rindex(')')].replace(' ', '_')
            fields = s[s.rindex(')') + 2:].split()
            lines.append('%s %s %d' % (tid, name, int(fields[11]) + int(fields[12])))
        with open(os.path.join(out, 'tmp'), 'w') as f:
            f.write('\n'.join(lines) + '\n')
        os.rename(os.path.join(out, 'tmp'), os.path.join(out, 's.%d' % now))
        time.sleep(2)


def group(name):
    if name.startswith(('C1_Compi', 'C2_Compi', 'C1_Compiler', 'C2_Compiler')):
        return 'JIT compiler'
    if name.startswith(('GC_Thread', 'G1_')):
        return 'GC'
    return re.sub(r'\d+', 'N', name)


def report(d, start, end):
    files = sorted(glob.glob(os.path.join(d, 's.*')), key=lambda f: int(f.rsplit('.', 1)[1]))
    if not files:
        sys.exit('no snapshots in ' + d)
    fa = min(files, key=lambda f: abs(int(f.rsplit('.', 1)[1]) - start))
    fb = min(files, key=lambda f: abs(int(f.rsplit('.', 1)[1]) - end))

    def load(f):
        m = {}
        for line in open(f):
            p = line.split()
            if len(p) == 3:
                m[p[0]] = (p[1], int(p[2]))
        return m

    a, b = load(fa), load(fb)
    groups = collections.Counter()
    for tid, (name, ticks) in b.items():
        groups[group(name)] += (ticks - a.get(tid, (name, 0))[1]) / TICKS
    total = sum(groups.values())
    window = (int(fb.rsplit('.', 1)[1]) - int(fa.rsplit('.', 1)[1])) / 1000
    print('window %.1f s, process CPU %.1f s' % (window, total))
    for k, v in groups.most_common(16):
        print('%8.1f s %5.1f %%  %s' % (v, 100 * v / total if total else 0, k))


if __name__ == '__main__':
    if len(sys.argv) == 4 and sys.argv[1] == 'sample':
        sample(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 5 and sys.argv[1] == 'report':
        report(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.exit(__doc__)
