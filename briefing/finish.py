"""Finish the tagged PDF WeasyPrint writes: what PDF/UA-1 asks for that WeasyPrint 70 leaves undone.

WeasyPrint tags the flow of the document well, but (see its open issues on PDF/UA):

- running heads and footers (page-margin boxes) are tagged as structure elements
  that hang from nothing: no reader reaches them from the structure tree, and a
  validator finds their text neither tagged nor an artifact. They become
  pagination artifacts (ISO 32000-1 §14.8.2.2), as a screen reader expects;
- table headers carry no /Scope, so "criterion × option" cannot be read out;
- link annotations describe their target by its id ("source-2"), not its name;
- the bookmarks panel stays closed.

The file is then saved linearized ("fast web view") with qpdf's deterministic
second /ID, so the same content still gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import pikepdf

#: The namespace every briefing identifier is derived from (uuid5), so an edition's ID is the same on every run.
NAMESPACE = uuid.UUID("6f1c3a52-7d4e-5b8a-9c2f-1e0d4b6a8f37")

_BDC = pikepdf.Operator("BDC")
_PAGINATION = pikepdf.Dictionary(Type=pikepdf.Name.Pagination)
_PDFUA_SCHEMA = b"""<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name><pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"><pdfuaid:part>1</pdfuaid:part></rdf:Description>
"""


@dataclass(frozen=True)
class Identity:
    """A document's identifiers: the same for the same edition on every run (ISO 32000-1 §14.4)."""

    document: uuid.UUID
    """The permanent identifier: the first half of the trailer /ID, XMP DocumentID and dc:identifier."""
    instance: uuid.UUID
    """This printing of it: the XMP InstanceID, which changes when the content does."""

    @classmethod
    def of(cls, edition: str, content: bytes) -> Identity:
        """Identifiers for ``edition`` (title, date, version, copy…) whose PDF is ``content``."""
        document = uuid.uuid5(NAMESPACE, edition)
        return cls(document, uuid.uuid5(document, hashlib.sha256(content).hexdigest()))

    def apply(self, pdf: pikepdf.Pdf) -> None:
        """Write these identifiers into ``pdf``'s trailer and XMP, keeping the rest of its metadata."""
        permanent = pikepdf.String(self.document.bytes)
        # qpdf keeps the first half of /ID and computes the second from the content when saving.
        pdf.trailer.ID = pikepdf.Array([permanent, permanent])
        had_xmp = "/Metadata" in pdf.Root
        # set_pikepdf_as_editor=False: no "modified now by pikepdf", which would differ on every run.
        with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
            if not had_xmp:
                xmp.load_from_docinfo(pdf.docinfo)
            xmp["dc:identifier"] = self.document.urn
            xmp["xmpMM:DocumentID"] = self.document.urn
            xmp["xmpMM:InstanceID"] = self.instance.urn


def finish(
    written: bytes,
    *,
    edition: str,
    link_names: Mapping[str, str],
    claims_pdfua: bool = False,
) -> bytes:
    """The PDF ``written`` by WeasyPrint, finished: artifacts, scopes, link names, identifiers, linearized.

    ``link_names`` maps an anchor id to what a screen reader should say for a link to it.
    ``claims_pdfua`` adds the PDF/UA identification (with its PDF/A extension schema) to
    the XMP of a variant, such as PDF/A-3a, that WeasyPrint writes without it.
    """
    with pikepdf.open(io.BytesIO(written)) as pdf:
        if "/StructTreeRoot" in pdf.Root:
            _pagination_as_artifacts(pdf)
            _scope_table_headers(pdf.Root.StructTreeRoot)
            _name_links(pdf, link_names)
        if "/Outlines" in pdf.Root:
            pdf.Root.PageMode = pikepdf.Name.UseOutlines
        if claims_pdfua:
            _claim_pdfua(pdf)
        if "/AF" in pdf.Root:
            _associated_files_once(pdf)
        Identity.of(edition, written).apply(pdf)
        out = io.BytesIO()
        pdf.save(out, linearize=True, deterministic_id=True)
        return out.getvalue()


def structure_elements(node: pikepdf.Object) -> Iterator[tuple[pikepdf.Dictionary, tuple[str, ...]]]:
    """Every structure element under ``node`` with the types of its ancestors, in reading order."""
    stack: list[tuple[pikepdf.Object, tuple[str, ...]]] = [(node, ())]
    while stack:
        element, ancestors = stack.pop()
        if isinstance(element, pikepdf.Array):
            stack.extend((child, ancestors) for child in reversed(list(element)))
            continue
        if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
            continue
        yield element, ancestors
        kids = element.get("/K")
        if kids is not None:
            stack.append((kids, (*ancestors, str(element.S))))


def _pagination_as_artifacts(pdf: pikepdf.Pdf) -> None:
    """Re-mark content tagged by elements unreachable from the structure root as pagination artifacts.

    WeasyPrint tags page-margin boxes (running heads, the marking, page numbers)
    but never attaches their elements to the tree; only the parent tree knows them.
    """
    root = pdf.Root.StructTreeRoot
    reachable = {element.objgen for element, _ in structure_elements(root.K)}
    parents = pikepdf.NumberTree(root.ParentTree)
    for page in pdf.pages:
        key = page.obj.get("/StructParents")
        if key is None or int(key) not in parents:
            continue
        marked = parents[int(key)]
        if not isinstance(marked, pikepdf.Array):
            continue
        orphans = {
            mcid
            for mcid, element in enumerate(marked)
            if isinstance(element, pikepdf.Dictionary) and element.objgen not in reachable
        }
        if not orphans:
            continue
        instructions: list[pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage] = []
        for instruction in pikepdf.parse_content_stream(page):
            if instruction.operator == _BDC and _mcid(list(instruction.operands)) in orphans:
                instruction = pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact, _PAGINATION], _BDC)
            instructions.append(instruction)
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
        for mcid in orphans:
            marked[mcid] = pikepdf.Object.parse(b"null")


def _mcid(operands: list[pikepdf.Object]) -> int | None:
    properties = operands[1] if len(operands) > 1 else None
    if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
        return int(properties.MCID)
    return None


def _scope_table_headers(root: pikepdf.Object) -> None:
    """Give every TH a /Scope: Column in a table head, Row elsewhere (the options matrix's criteria)."""
    for element, ancestors in structure_elements(root.K):
        if element.S != pikepdf.Name.TH:
            continue
        scope = pikepdf.Name.Column if "/THead" in ancestors else pikepdf.Name.Row
        element.A = pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=scope)


def _name_links(pdf: pikepdf.Pdf, link_names: Mapping[str, str]) -> None:
    """Replace a link annotation's /Contents ("source-2") with the name of what it leads to."""
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") != pikepdf.Name.Link or "/Dest" not in annotation:
                continue
            name = link_names.get(str(annotation.Dest))
            if name:
                annotation.Contents = pikepdf.String(name)


def _associated_files_once(pdf: pikepdf.Pdf) -> None:
    """List each associated file once: WeasyPrint 70 lists each twice (from the name tree and the file specs)."""
    seen: dict[tuple[int, int], pikepdf.Object] = {}
    for spec in pdf.Root.AF:
        seen.setdefault(spec.objgen, spec)
    pdf.Root.AF = pikepdf.Array(list(seen.values()))


def _claim_pdfua(pdf: pikepdf.Pdf) -> None:
    """Add pdfuaid:part 1, and the PDF/A extension schema that declares it, to the XMP packet."""
    stream = pdf.Root.Metadata
    packet = stream.read_bytes()
    closing = packet.rindex(b"</rdf:RDF>")
    stream.write(packet[:closing] + _PDFUA_SCHEMA + packet[closing:])
