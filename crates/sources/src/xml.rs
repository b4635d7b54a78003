//! Reading the XML lists: a cursor over quick-xml's events that walks the
//! elements in document order.
//!
//! A parser asks for the [`root`](Reader::root), then for the
//! [`child`](Reader::child) elements of the element it is in, and reads a
//! record as a small [`Node`] tree ([`tree`](Reader::tree)) or a field as
//! text ([`text`](Reader::text)). The reader owns what every format needs
//! and nothing a format means:
//!
//! - text is assembled across CDATA sections and entity references (quick-xml
//!   reports `&amp;` as an event of its own), with XML 1.0 line ends; only the
//!   predefined and numeric references exist (no DTD is read);
//! - between elements only whitespace, comments and processing instructions
//!   are allowed: stray text fails the parse;
//! - an empty element `<X/>` is the same as `<X></X>`;
//! - errors name the place: broken XML and bad references by byte offset
//!   (quick-xml's error position), the document's structure by the line an
//!   element starts on ([`at`](Reader::at)), a file that ends inside an
//!   element by the element it ends in.

use crate::error::At;
use crate::util::Lines;
use crate::{Location, ParseError, Result};
use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::{BytesStart, Event};
use std::borrow::Cow;

/// A cursor over the elements of one XML document.
pub(crate) struct Reader<'a> {
    file: &'a str,
    len: u64,
    events: quick_xml::Reader<&'a [u8]>,
    lines: Lines<'a>,
    /// The elements open around the cursor, outermost first.
    open: Vec<Open>,
    /// Match elements by their local name (namespace prefix dropped).
    local_names: bool,
    /// The root element's name, once read.
    root: Option<String>,
}

struct Open {
    name: String,
    /// `<X/>`: closes with no end event.
    empty: bool,
}

/// An element the cursor is at: its name and where it starts.
pub(crate) struct Element<'a> {
    start: BytesStart<'a>,
    name: String,
    /// The line its start tag is on.
    pub(crate) line: u64,
}

impl Element<'_> {
    /// The element's name (the local name with [`Reader::local_names`]).
    pub(crate) fn name(&self) -> &str {
        &self.name
    }
}

/// An element read whole: its own text (all of it, untrimmed) and its child
/// elements in file order. Attributes of nested elements are not kept.
#[derive(Debug, Default)]
pub(crate) struct Node {
    pub(crate) name: String,
    pub(crate) text: String,
    pub(crate) children: Vec<Node>,
}

impl Node {
    fn new(name: String) -> Node {
        Node {
            name,
            ..Node::default()
        }
    }

    /// The children called `name`.
    pub(crate) fn all<'n>(&'n self, name: &'n str) -> impl Iterator<Item = &'n Node> + 'n {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The first child called `name`.
    pub(crate) fn first(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The trimmed text of the first child called `name`, `""` when absent.
    pub(crate) fn text_of(&self, name: &str) -> &str {
        self.first(name).map_or("", |c| c.text.trim())
    }

    /// The trimmed text of the first child called `name`, `None` when absent
    /// or blank.
    pub(crate) fn value(&self, name: &str) -> Option<&str> {
        Some(self.text_of(name)).filter(|t| !t.is_empty())
    }

    /// The `item` children of every `list` child (`<idList><id>..`).
    pub(crate) fn items<'n>(
        &'n self,
        list: &'n str,
        item: &'n str,
    ) -> impl Iterator<Item = &'n Node> + 'n {
        self.all(list).flat_map(move |l| l.all(item))
    }
}

/// What the cursor meets next.
enum Item<'a> {
    Open(Element<'a>),
    Close,
    /// Text, a CDATA section or a resolved reference, at a byte offset.
    Text(Cow<'a, str>, u64),
    Eof,
}

impl<'a> Reader<'a> {
    /// A cursor at the start of `text`, the content of `file`.
    pub(crate) fn new(file: &'a str, text: &'a str) -> Reader<'a> {
        Reader {
            file,
            len: text.len() as u64,
            events: quick_xml::Reader::from_str(text),
            lines: Lines::new(text.as_bytes()),
            open: Vec::new(),
            local_names: false,
            root: None,
        }
    }

    /// Matches elements by their local name: `<x:a>` is `a`.
    pub(crate) fn local_names(mut self) -> Reader<'a> {
        self.local_names = true;
        self
    }

    /// Where `el` starts, to build errors about it.
    pub(crate) fn at(&self, el: &Element<'_>) -> At<'a> {
        At::new(self.file, Location::Line(el.line))
    }

    /// The root element, which must be called `name`.
    pub(crate) fn root(&mut self, name: &str) -> Result<Element<'a>> {
        let expected = || format!("a <{name}> root element");
        match self.child()? {
            Some(el) if el.name == name => {
                self.root = Some(el.name.clone());
                Ok(el)
            }
            Some(el) => Err(self.at(&el).error(expected(), format!("<{}>", el.name))),
            None => Err(ParseError::new(
                self.file,
                Location::File,
                None,
                expected(),
                "no element",
            )),
        }
    }

    /// The next child element of the element the cursor is in (the one
    /// [`child`](Self::child) or [`root`](Self::root) returned last), or
    /// `None` at its end. The cursor moves into the child.
    pub(crate) fn child(&mut self) -> Result<Option<Element<'a>>> {
        loop {
            match self.next()? {
                Item::Open(el) => return Ok(Some(el)),
                Item::Close | Item::Eof => return Ok(None),
                Item::Text(t, pos) => self.whitespace(&t, pos)?,
            }
        }
    }

    /// After the root element: nothing but whitespace, comments and
    /// processing instructions until the end of the file.
    pub(crate) fn finish(&mut self) -> Result<()> {
        match self.child()? {
            None => Ok(()),
            Some(el) => {
                let root = self.root.as_deref().unwrap_or("?");
                Err(self.at(&el).error(
                    format!("nothing after the <{root}> element"),
                    format!("<{}>", el.name),
                ))
            }
        }
    }

    /// The text of `el`, the element just returned, which must hold no
    /// elements; the cursor moves past its end.
    pub(crate) fn text(&mut self, el: Element<'a>) -> Result<String> {
        let mut text = String::new();
        loop {
            match self.next()? {
                Item::Text(t, _) => text.push_str(&t),
                Item::Close | Item::Eof => return Ok(text),
                Item::Open(inner) => {
                    return Err(self.at(&inner).error(
                        format!("only text inside <{}>", el.name),
                        format!("<{}>", inner.name),
                    ));
                }
            }
        }
    }

    /// `el`, the element just returned, read whole; the cursor moves past
    /// its end.
    pub(crate) fn tree(&mut self, el: Element<'a>) -> Result<Node> {
        // Iterative: a deeply nested input cannot exhaust the stack.
        let mut node = Node::new(el.name);
        let mut parents: Vec<Node> = Vec::new();
        loop {
            match self.next()? {
                Item::Open(inner) => {
                    parents.push(std::mem::replace(&mut node, Node::new(inner.name)));
                }
                Item::Text(t, _) => node.text.push_str(&t),
                Item::Close | Item::Eof => {
                    let Some(mut parent) = parents.pop() else {
                        return Ok(node);
                    };
                    parent.children.push(node);
                    node = parent;
                }
            }
        }
    }

    /// The value of attribute `name` of `el` (references resolved), if any.
    pub(crate) fn attribute(&self, el: &Element<'a>, name: &str) -> Result<Option<String>> {
        let bad = |e: &dyn std::fmt::Display| {
            self.at(el)
                .field_error(name, "a well-formed attribute", e.to_string())
        };
        let Some(attr) = el.start.try_get_attribute(name).map_err(|e| bad(&e))? else {
            return Ok(None);
        };
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| bad(&e))?;
        Ok(Some(value.into_owned()))
    }

    /// Stray text between elements is an error; whitespace is not.
    fn whitespace(&mut self, text: &str, pos: u64) -> Result<()> {
        let trimmed = text.trim_start();
        if trimmed.is_empty() {
            return Ok(());
        }
        let line = self.lines.at(pos + (text.len() - trimmed.len()) as u64);
        Err(At::new(self.file, Location::Line(line))
            .error("only whitespace between elements", trimmed.trim_end()))
    }

    /// The next element start, element end, piece of text or the end of the
    /// file, keeping `open` up to date.
    fn next(&mut self) -> Result<Item<'a>> {
        if self.open.last().is_some_and(|o| o.empty) {
            self.open.pop();
            return Ok(Item::Close);
        }
        loop {
            let pos = self.events.buffer_position();
            let event = self.events.read_event().map_err(|e| {
                ParseError::new(
                    self.file,
                    Location::Byte(self.events.error_position()),
                    None,
                    "well-formed XML",
                    e.to_string(),
                )
            })?;
            let empty = matches!(event, Event::Empty(_));
            return Ok(match event {
                Event::Start(start) | Event::Empty(start) => {
                    let name = if self.local_names {
                        start.local_name().as_ref().to_string()
                    } else {
                        start.name().as_ref().to_string()
                    };
                    self.open.push(Open {
                        name: name.clone(),
                        empty,
                    });
                    let line = self.lines.at(pos);
                    Item::Open(Element { start, name, line })
                }
                Event::End(_) => {
                    self.open.pop();
                    Item::Close
                }
                Event::Text(t) => Item::Text(t.xml10_content(), pos),
                Event::CData(t) => Item::Text(t.xml10_content(), pos),
                Event::GeneralRef(r) => {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(Cow::Owned(c.to_string())),
                        Ok(None) => resolve_xml_entity(&r).map(Cow::Borrowed),
                        Err(_) => None,
                    };
                    let Some(text) = resolved else {
                        return Err(ParseError::new(
                            self.file,
                            Location::Byte(pos),
                            None,
                            "a predefined or numeric character reference",
                            format!("&{};", &*r),
                        ));
                    };
                    Item::Text(text, pos)
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => continue,
                Event::Eof => match self.open.last() {
                    None => Item::Eof,
                    Some(o) => {
                        return Err(ParseError::new(
                            self.file,
                            Location::Byte(self.len),
                            None,
                            "a complete document",
                            format!("end of file inside <{}>", o.name),
                        ));
                    }
                },
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(xml: &str) -> Result<Node> {
        let mut r = Reader::new("t.xml", xml);
        let root = r.root("a")?;
        let node = r.tree(root)?;
        r.finish()?;
        Ok(node)
    }

    #[test]
    fn text_across_references_and_cdata() {
        let n = tree("<a><b>x &amp; y&#x21;<![CDATA[<z>]]></b><c/><c>2</c></a>").expect("parses");
        assert_eq!(n.text_of("b"), "x & y!<z>");
        assert_eq!(n.all("c").count(), 2);
        assert_eq!(n.value("c"), None);
        assert_eq!(n.text_of("missing"), "");
    }

    #[test]
    fn errors_name_the_place() {
        let e = tree("<a>\n<b>&nbsp;</b></a>").expect_err("entity");
        assert_eq!(
            (e.location, e.found.as_str()),
            (Location::Byte(7), "&nbsp;")
        );
        let e = tree("<a><b>").expect_err("truncated");
        assert_eq!(e.location, Location::Byte(6));
        assert_eq!(e.found, "end of file inside <b>");
        let e = tree("<a/>\n<a/>").expect_err("second root");
        assert_eq!((e.location, e.found.as_str()), (Location::Line(2), "<a>"));
        let e = tree("<x/>").expect_err("root");
        assert_eq!(e.expected, "a <a> root element");
        let e = tree("").expect_err("empty");
        assert_eq!(e.location, Location::File);
        let e = tree("<a></b>").expect_err("mismatch");
        assert!(matches!(e.location, Location::Byte(_)));

        let mut r = Reader::new("t.xml", "<a>\n  text <b/></a>");
        r.root("a").expect("root");
        let e = r.child().err().expect("stray text");
        assert_eq!((e.location, e.found.as_str()), (Location::Line(2), "text"));
    }

    #[test]
    fn cursor_walks_children_and_text() {
        let mut r = Reader::new(
            "t.xml",
            "<?xml version='1.0'?><a x='1 &lt; 2'><b>1</b><!-- c --><b/></a>",
        );
        let a = r.root("a").expect("root");
        assert_eq!(
            r.attribute(&a, "x").expect("attr").as_deref(),
            Some("1 < 2")
        );
        assert_eq!(r.attribute(&a, "y").expect("attr"), None);
        let mut texts = Vec::new();
        while let Some(b) = r.child().expect("child") {
            texts.push(r.text(b).expect("text"));
        }
        assert_eq!(texts, ["1", ""]);
        r.finish().expect("end");

        let mut r = Reader::new("t.xml", "<a><b><c/></b></a>");
        r.root("a").expect("root");
        let b = r.child().expect("child").expect("b");
        let e = r.text(b).expect_err("nested");
        assert_eq!(e.expected, "only text inside <b>");
    }

    #[test]
    fn local_names_drop_the_prefix() {
        let mut r = Reader::new("t.xml", "<x:a xmlns:x='u'><x:b/></x:a>").local_names();
        r.root("a").expect("root");
        assert_eq!(
            r.child().expect("child").map(|b| b.name),
            Some("b".to_string())
        );
    }
}
