#!/usr/bin/env bash
cd /tmp/prof
./run4.sh A hearth-base.jar 1 ""
./run4.sh B hearth-exp1.jar 1 ""
./run4.sh C hearth-exp1.jar 1 "-Dhearth.experiment.cpMs=60000 -Dhearth.experiment.walMax=268435456"
PROF_FLAGS="--cluster.partitions=16" ./run4.sh D hearth-exp1.jar 1 ""
echo DONE > /tmp/prof/chain.done
