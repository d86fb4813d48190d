//! Reading `Debug` text back into a [`Node`] tree.

use super::Node;

/// The tree of `text`, or `text` as one atom when the grammar does not cover it.
pub(super) fn parse(text: &str) -> Node {
    let mut p = Parser {
        s: text.as_bytes(),
        src: text,
        i: 0,
    };
    let node = p.value();
    p.ws();
    if p.i < p.s.len() {
        // Anything the grammar does not cover is kept verbatim so comparisons stay exact.
        return Node::Atom(text.trim().to_string());
    }
    node
}

struct Parser<'a> {
    s: &'a [u8],
    src: &'a str,
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self) -> Node {
        self.ws();
        match self.peek() {
            Some(b'"') => Node::Str(self.quoted(b'"')),
            Some(b'b') if self.s.get(self.i + 1) == Some(&b'"') => {
                self.i += 1;
                Node::Str(format!("b{}", self.quoted(b'"')))
            }
            Some(b'\'') => Node::Str(self.quoted(b'\'')),
            Some(b'[') => {
                self.i += 1;
                Node::List(self.seq(b']'))
            }
            Some(b'(') => {
                self.i += 1;
                Node::Tuple {
                    name: String::new(),
                    items: self.seq(b')'),
                }
            }
            Some(b'{') => {
                self.i += 1;
                self.map()
            }
            _ => {
                let word = self.word();
                self.ws();
                match self.peek() {
                    Some(b'(') if !word.is_empty() => {
                        self.i += 1;
                        Node::Tuple {
                            name: word,
                            items: self.seq(b')'),
                        }
                    }
                    Some(b'{') if !word.is_empty() && is_ident(&word) => {
                        self.i += 1;
                        self.fields(word)
                    }
                    _ => Node::Atom(word),
                }
            }
        }
    }

    fn word(&mut self) -> String {
        let start = self.i;
        while let Some(c) = self.peek() {
            // A timestamp atom (`2026-11-28T00:56:44Z`) holds colons; a field name never
            // starts with a digit.
            let in_number = self.s.get(start).is_some_and(u8::is_ascii_digit)
                && self.s.get(self.i + 1).is_some_and(u8::is_ascii_digit);
            if matches!(
                c,
                b',' | b'(' | b')' | b'[' | b']' | b'{' | b'}' | b'"' | b' ' | b'\n' | b'\t'
            ) || (c == b':' && self.s.get(self.i + 1) != Some(&b':') && !in_number)
            {
                break;
            }
            if c == b':' && in_number {
                self.i += 1;
                continue;
            }
            if c == b':' {
                self.i += 2;
                continue;
            }
            self.i += 1;
        }
        if self.i == start && self.i < self.s.len() {
            // A character no rule takes: consume it so parsing always advances.
            self.i += 1;
        }
        self.src[start..self.i].to_string()
    }

    /// A quoted literal (`"..."` or `'.'`), escapes included, kept as printed.
    fn quoted(&mut self, quote: u8) -> String {
        let start = self.i;
        self.i += 1;
        while let Some(c) = self.peek() {
            self.i += 1;
            if c == b'\\' {
                self.i += 1;
            } else if c == quote {
                break;
            }
        }
        self.i = self.i.min(self.s.len());
        self.src[start..self.i].to_string()
    }

    fn seq(&mut self, close: u8) -> Vec<Node> {
        let mut items = Vec::new();
        loop {
            if self.eat(close) || self.peek().is_none() {
                return items;
            }
            items.push(self.value());
            if !self.eat(b',') {
                self.eat(close);
                return items;
            }
        }
    }

    fn fields(&mut self, name: String) -> Node {
        let mut fields = Vec::new();
        let mut rest = false;
        loop {
            self.ws();
            if self.eat(b'}') || self.peek().is_none() {
                break;
            }
            if self.s[self.i..].starts_with(b"..") {
                self.i += 2;
                rest = true;
                continue;
            }
            let key = self.word();
            self.eat(b':');
            let value = self.value();
            fields.push((key, value));
            if !self.eat(b',') {
                self.eat(b'}');
                break;
            }
        }
        Node::Struct { name, fields, rest }
    }

    fn map(&mut self) -> Node {
        let mut entries = Vec::new();
        loop {
            if self.eat(b'}') || self.peek().is_none() {
                break;
            }
            let key = self.value();
            let value = if self.eat(b':') {
                Some(self.value())
            } else {
                None
            };
            entries.push((key, value));
            if !self.eat(b',') {
                self.eat(b'}');
                break;
            }
        }
        Node::Map(entries)
    }
}

fn is_ident(word: &str) -> bool {
    word.chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == ':')
        && word
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
}
