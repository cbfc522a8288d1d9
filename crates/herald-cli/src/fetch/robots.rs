//! robots.txt, as RFC 9309 reads it: the group for herald's product token if there is one,
//! else the `*` group; the longest matching `Allow`/`Disallow` path wins, `Allow` on a tie;
//! `*` matches any run of characters and a final `$` anchors the end.
//!
//! Hand-written because it is small and the crates that do it are either unmaintained or pull
//! in far more than a line parser.

/// The token herald answers to in a robots.txt `User-agent` line (its user agent starts with
/// `herald/`).
pub const PRODUCT: &str = "herald";

/// One rule: whether it allows, and its path pattern.
type Rule = (bool, String);

/// The rules of one site that apply to herald.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Robots {
    /// `(allow, pattern)`, in file order.
    rules: Vec<Rule>,
}

impl Robots {
    /// A site that allows everything (no robots.txt, or one that says nothing to herald).
    pub fn allow_all() -> Self {
        Robots::default()
    }

    /// The rules of a robots.txt body for the agent whose product token is `agent`.
    pub fn parse(text: &str, agent: &str) -> Self {
        // Groups: the user agents they name and their rules. Consecutive `User-agent` lines
        // share one group; a `User-agent` line after a rule starts the next.
        let mut groups: Vec<(Vec<String>, Vec<Rule>)> = Vec::new();
        let mut open_for_agents = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match key.trim().to_ascii_lowercase().as_str() {
                "user-agent" => {
                    if !open_for_agents {
                        groups.push((Vec::new(), Vec::new()));
                        open_for_agents = true;
                    }
                    // `Herald/0.1 (…)` names the product `herald`.
                    let token = value.split(['/', ' ']).next().unwrap_or("");
                    if let Some(group) = groups.last_mut() {
                        group.0.push(token.to_ascii_lowercase());
                    }
                }
                key @ ("allow" | "disallow") => {
                    open_for_agents = false;
                    if let Some(group) = groups.last_mut() {
                        // An empty Disallow allows everything: it adds no rule.
                        if !value.is_empty() {
                            group.1.push((key == "allow", value.to_owned()));
                        }
                    }
                }
                // Sitemap, Crawl-delay and the like end no group and say nothing herald uses.
                _ => {}
            }
        }
        let agent = agent.to_ascii_lowercase();
        let pick = |name: &str| -> Vec<Rule> {
            groups
                .iter()
                .filter(|(agents, _)| agents.iter().any(|a| a == name))
                .flat_map(|(_, rules)| rules.iter().cloned())
                .collect()
        };
        let own = groups.iter().any(|(agents, _)| agents.contains(&agent));
        Robots {
            rules: if own { pick(&agent) } else { pick("*") },
        }
    }

    /// Whether herald may fetch `path` (the URL's path and query, starting with `/`).
    pub fn allows(&self, path: &str) -> bool {
        let mut best: Option<(usize, bool)> = None;
        for (allow, pattern) in &self.rules {
            if matches(pattern, path) {
                let len = pattern.len();
                best = match best {
                    Some((l, a)) if l > len || (l == len && a) => Some((l, a)),
                    _ => Some((len, *allow)),
                };
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

/// Whether a robots.txt path pattern matches `path` from its start.
fn matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let parts: Vec<&str> = pattern.split('*').collect();
    // The first part is a prefix; each later one is found after the previous, leftmost
    // first (which is enough: a leftmost match leaves the most room for what follows).
    let Some(mut rest) = path.strip_prefix(parts[0]) else {
        return false;
    };
    if parts.len() == 1 {
        return !anchored || rest.is_empty();
    }
    for (i, part) in parts.iter().enumerate().skip(1) {
        let last = i == parts.len() - 1;
        if last && anchored {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_star_group_applies_when_herald_has_none() {
        let r = Robots::parse(
            "# comment\nUser-agent: *\nDisallow: /private/\nAllow: /private/ok.html\n\nUser-agent: otherbot\nDisallow: /\n",
            PRODUCT,
        );
        assert!(r.allows("/news/a.html"));
        assert!(!r.allows("/private/b.html"));
        assert!(r.allows("/private/ok.html"));
    }

    #[test]
    fn herald_s_own_group_replaces_the_star_group() {
        let text = "User-agent: *\nDisallow: /\n\nUser-agent: Googlebot\nUser-agent: Herald/0.1\nDisallow: /drafts\nCrawl-delay: 5\n";
        let r = Robots::parse(text, PRODUCT);
        assert!(r.allows("/news/a.html"));
        assert!(!r.allows("/drafts/x"));
        let other = Robots::parse(text, "curl");
        assert!(!other.allows("/news/a.html"));
    }

    #[test]
    fn wildcards_anchors_and_empty_rules() {
        let r = Robots::parse(
            "User-agent: *\nDisallow: /*.pdf$\nDisallow: /search*q=\nDisallow:\n",
            PRODUCT,
        );
        assert!(!r.allows("/files/report.pdf"));
        assert!(r.allows("/files/report.pdf?download=1"));
        assert!(!r.allows("/search?lang=en&q=storm"));
        assert!(r.allows("/search?lang=en"));
        assert!(Robots::parse("User-agent: *\nDisallow:\n", PRODUCT).allows("/"));
        assert!(Robots::allow_all().allows("/x"));
    }
}
