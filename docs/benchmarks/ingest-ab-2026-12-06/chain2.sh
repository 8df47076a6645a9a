#!/usr/bin/env bash
while [ ! -f /tmp/prof/chain.done ]; do sleep 5; done
cd /tmp/prof
./run4.sh E hearth-exp1.jar 1 "-XX:-TieredCompilation"
./run4.sh F hearth-exp1.jar 1 "-XX:TieredStopAtLevel=1"
echo DONE > /tmp/prof/chain2.done
