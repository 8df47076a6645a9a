import json,subprocess,sys,collections
# usage: jfr-top.py FILE [N]  -> top frames (self), top "hearth" frames (inclusive) and thread split
f=sys.argv[1]; N=int(sys.argv[2]) if len(sys.argv)>2 else 30
out=subprocess.run(['jfr','print','--json','--events','jdk.ExecutionSample',f],capture_output=True,text=True).stdout
ev=json.loads(out)['recording']['events']
selfc=collections.Counter(); incl=collections.Counter(); thr=collections.Counter()
import re
for e in ev:
    v=e['values']; t=v.get('sampledThread') or {}
    name=re.sub(r'\d+','#',(t.get('javaName') or t.get('osName') or '?'))
    thr[name]+=1
    fr=v['stackTrace']['frames']
    if not fr: continue
    m=lambda x: x['method']['type']['name'].split('.')[-1]+'.'+x['method']['name']
    selfc[m(fr[0])]+=1
    seen=set()
    for x in fr:
        k=m(x)
        if k not in seen: seen.add(k); incl[k]+=1
tot=len(ev)
print('samples',tot)
print('--threads'); [print('%5.1f%% %s'%(100*c/tot,k)) for k,c in thr.most_common(15)]
print('--self'); [print('%5.1f%% %s'%(100*c/tot,k)) for k,c in selfc.most_common(N)]
print('--inclusive'); [print('%5.1f%% %s'%(100*c/tot,k)) for k,c in incl.most_common(N*2)]
