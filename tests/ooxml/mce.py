"""Markup-compatibility preprocessing (ECMA-376 part 3) before RELAX NG validation of a WordprocessingML part."""

import sys
from lxml import etree

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
src, dst = sys.argv[1], sys.argv[2]
tree = etree.parse(src)
root = tree.getroot()
ign = set()
for el in root.iter():
    v = el.get(f"{{{MC}}}Ignorable")
    if v:
        for p in v.split():
            ns = el.nsmap.get(p)
            if ns:
                ign.add(ns)
# AlternateContent -> Fallback content (or drop)
for ac in list(root.iter(f"{{{MC}}}AlternateContent")):
    parent = ac.getparent()
    fb = ac.find(f"{{{MC}}}Fallback")
    idx = parent.index(ac)
    parent.remove(ac)
    if fb is not None:
        for i, ch in enumerate(list(fb)):
            parent.insert(idx + i, ch)
for el in list(root.iter()):
    if not isinstance(el.tag, str):
        continue
    ns = etree.QName(el).namespace
    if ns in ign:
        p = el.getparent()
        if p is not None:
            p.remove(el)
        continue
    for a in list(el.attrib):
        ans = etree.QName(a).namespace
        if ans in ign or ans == MC:
            del el.attrib[a]
tree.write(dst, xml_declaration=True, encoding="UTF-8", standalone=True)
print("ignorable:", sorted(ign))
