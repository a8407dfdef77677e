#!/usr/bin/env python3
# Regenerates the example in docs/json-output.md from the tool itself (run
# after `cargo build`; it rewrites the doc in place).
import os, re, json, subprocess, tempfile
tmp = tempfile.mkdtemp()
p=os.path.join(os.path.dirname(os.path.abspath(__file__)), 'json-output.md')
s=open(p).read()
src=re.search(r"A small acceptable-use policy, `harbor-aup.md`:\n\n```markdown\n(.*?)```", s, re.S).group(1)
open(tmp + '/harbor-aup.md','w').write(src)
out=subprocess.run([os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'target', 'debug', 'clauselint'),'check','harbor-aup.md','--format','json','--rule','human-rights/grievance-mechanism,prohibited-use/surveillance,prohibited-use/permitted-high-risk,leverage/suspension'],cwd=tmp + '',capture_output=True,text=True).stdout
d=json.loads(out)
def fmt(o, ind=0):
    pad='  '*ind
    if isinstance(o, dict):
        if 'start' in o and 'end_column_utf16' in o:
            return json.dumps(o, ensure_ascii=False, separators=(', ', ': '))
        if not o: return '{}'
        items=[f'{pad}  {json.dumps(k)}: {fmt(v, ind+1)}' for k,v in o.items()]
        return '{\n'+',\n'.join(items)+'\n'+pad+'}'
    if isinstance(o, list):
        if not o: return '[]'
        items=[f'{pad}  {fmt(v, ind+1)}' for v in o]
        return '[\n'+',\n'.join(items)+'\n'+pad+']'
    return json.dumps(o, ensure_ascii=False)
pretty=fmt(d)
i=s.index('The same output re-indented')
j=s.index('```json\n', i)+len('```json\n')
k=s.index('```', j)
s=s[:j]+pretty+'\n'+s[k:]
lines=out.splitlines()
head=lines[0]; doc=lines[1][:110]+'…'; foot=lines[-1]
m=re.search(r"(three lines: header, document \(cut here\), footer:\n\n```text\n)(.*?)(```)", s, re.S)
s=s[:m.start(2)]+head+'\n'+doc+'\n'+foot+'\n'+s[m.end(2):]
open(p,'w').write(s)
print(foot)
