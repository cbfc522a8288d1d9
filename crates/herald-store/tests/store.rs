//! The store through its public API: what ingest recognises, stories that keep their ids,
//! refusals, transactions, and readers beside a writer.

use herald::model::Article;
use herald_store::{Error, Since, Store, StoreConfig};
use std::path::PathBuf;

fn article(id: &str, date: Option<&str>, title: &str, text: &str) -> Article {
    Article {
        id: id.into(),
        title: Some(title.into()),
        date: date.map(str::to_owned),
        text: text.into(),
        site: Some(format!("outlet-{}", &id[..1])),
        ..Article::default()
    }
}

const QUAKE: &str =
    "A magnitude 6.8 earthquake struck the coastal city of Port Elm before dawn on \
Tuesday, toppling apartment buildings and killing at least 40 people, officials said. Rescuers \
searched the rubble of collapsed buildings through the night as aftershocks shook the region.";

const QUAKE_2: &str =
    "Rescue teams pulled survivors from collapsed buildings in Port Elm after the \
magnitude 6.8 earthquake, and the death toll rose to 52. Aftershocks rattled the coastal city as \
families slept outside their damaged apartment buildings.";

const RATES: &str = "The central bank of Norland raised interest rates by half a point on Tuesday \
to fight inflation, its third increase this year. Markets fell and mortgage lenders said \
borrowing costs for households would climb within weeks.";

const CUP: &str = "The home side won the cup final on penalties after a goalless draw in the \
capital, and thousands of fans celebrated in the streets until dawn. The goalkeeper saved two \
spot kicks in the shootout.";

fn db(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("herald.db")
}

fn ingest(store: &mut Store, name: &str, articles: Vec<Article>) -> herald_store::Report {
    let mut input = store.input(name).expect("the write lock");
    input.add(articles).expect("ingest");
    input.commit().expect("commit")
}

/// The stories as sorted lists of their documents, sorted: a grouping, whatever the ids.
fn grouping(store: &Store) -> Vec<Vec<String>> {
    let mut groups: Vec<Vec<String>> = store
        .stories(None, 1)
        .unwrap()
        .into_iter()
        .map(|s| {
            let mut d = s.documents;
            d.sort();
            d
        })
        .collect();
    groups.sort();
    groups
}

/// Undoes, in a store of the current schema, what migrations `from` and later added, so that
/// it looks like a store made before them (the caller sets `user_version`).
fn undo_from(conn: &rusqlite::Connection, from: i64) {
    if from <= 12 {
        conn.execute_batch("ALTER TABLE feeds DROP COLUMN failures;")
            .unwrap();
    }
    if from <= 11 {
        conn.execute_batch("DROP INDEX articles_input;").unwrap();
    }
    if from <= 10 {
        conn.execute_batch(
            "ALTER TABLE articles DROP COLUMN joined; ALTER TABLE briefs DROP COLUMN given_for;",
        )
        .unwrap();
    }
    if from <= 9 {
        conn.execute_batch("ALTER TABLE inputs DROP COLUMN committed; DROP INDEX articles_id;")
            .unwrap();
    }
    if from <= 8 {
        conn.execute("ALTER TABLE briefs DROP COLUMN input", [])
            .unwrap();
    }
}

#[test]
fn ingesting_the_same_input_twice_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    let pool = vec![
        article(
            "a1",
            Some("2024-05-07"),
            "Earthquake kills dozens in Port Elm",
            QUAKE,
        ),
        article(
            "b1",
            Some("2024-05-07"),
            "Norland raises interest rates",
            RATES,
        ),
        article(
            "c1",
            Some("2024-05-08"),
            "Quake toll rises as rescuers dig",
            QUAKE_2,
        ),
    ];
    let first = ingest(&mut store, "pool", pool.clone());
    assert_eq!((first.new, first.stories_opened), (3, 2), "{first:?}");
    let before = grouping(&store);
    assert_eq!(before, vec![vec!["a1", "c1"], vec!["b1"]]);
    let again = ingest(&mut store, "pool", pool);
    assert_eq!(
        (again.new, again.versions, again.copies, again.unchanged),
        (0, 0, 0, 3)
    );
    assert_eq!((again.stories_opened, again.stories_grown), (0, 0));
    assert_eq!(grouping(&store), before);
    assert_eq!(store.counts().unwrap(), (3, 2));
}

#[test]
fn copies_and_versions_are_linked_and_join_their_original_story() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    ingest(
        &mut store,
        "day 1",
        vec![article(
            "a1",
            Some("2024-05-07"),
            "Earthquake kills dozens",
            QUAKE,
        )],
    );
    let update = format!("{QUAKE}\n\nThe government declared three days of national mourning.");
    let report = ingest(
        &mut store,
        "day 2",
        vec![
            // The same id with a new text: a version of it.
            article("a1", Some("2024-05-07"), "Earthquake kills dozens", &update),
            // Another id, the same text: a copy.
            article("x9", Some("2024-05-07"), "Earthquake kills dozens", QUAKE),
        ],
    );
    assert_eq!((report.new, report.versions, report.copies), (0, 1, 1));
    assert_eq!((report.stories_opened, report.stories_grown), (0, 1));
    let story = store.story("s-000001").unwrap();
    let kinds: Vec<(&str, &str, Option<&str>)> = story
        .articles
        .iter()
        .map(|a| (a.id.as_str(), a.kind.as_str(), a.of.as_deref()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("a1", "new", None),
            ("a1", "version", Some("a1")),
            ("x9", "copy", Some("a1"))
        ]
    );
    // An id stored in two versions is listed once, and its texts are told apart for a brief.
    assert_eq!(story.story.documents, vec!["a1", "x9"]);
    let texts = store.story_articles("1").unwrap();
    let ids: Vec<&str> = texts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, vec!["a1", "a1#2", "x9"]);
    // The story's list says which of its entries a brief cites as `a1#2`.
    let cited: Vec<Option<&str>> = story.articles.iter().map(|a| a.cited.as_deref()).collect();
    assert_eq!(cited, vec![None, Some("a1#2"), None]);
    assert_eq!(story.story.headline, "Earthquake kills dozens");
}

#[test]
fn an_article_repeated_in_one_input_is_stored_once_under_its_own_id() {
    // A feed that lists an item twice, a JSONL cluster or a WARC archive holding a page twice:
    // the reader hands the repeat over as `a1#2` (herald::ingest::UniqueIds), so that a
    // summary's sentences name one source. The store keeps ids as ingested: the repeat is the
    // article again (unchanged), or, with a new text, a version of it; never an `a1#2`.
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    let update = format!("{QUAKE}\n\nThe government declared three days of national mourning.");
    let mut feed = vec![
        article("a1", Some("2024-05-07"), "Earthquake kills dozens", QUAKE),
        article("a1", Some("2024-05-07"), "Earthquake kills dozens", QUAKE),
        article("a1", Some("2024-05-07"), "Earthquake kills dozens", &update),
        // An id of its own that merely ends in `#2`: its base is not in the input.
        article(
            "b1#2",
            Some("2024-05-07"),
            "Norland raises interest rates",
            RATES,
        ),
    ];
    // As every reader names them.
    herald::ingest::make_ids_unique(&mut feed);
    let ids: Vec<&str> = feed.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, vec!["a1", "a1#2", "a1#3", "b1#2"]);
    let report = ingest(&mut store, "feed", feed);
    assert_eq!(
        (report.new, report.versions, report.copies, report.unchanged),
        (2, 1, 0, 1),
        "{report:?}"
    );
    let story = store.story("s-000001").unwrap();
    let kinds: Vec<(&str, &str)> = story
        .articles
        .iter()
        .map(|a| (a.id.as_str(), a.kind.as_str()))
        .collect();
    assert_eq!(kinds, vec![("a1", "new"), ("a1", "version")]);
    assert_eq!(story.story.documents, vec!["a1"]);
    assert_eq!(grouping(&store), vec![vec!["a1"], vec!["b1#2"]]);
    // The repeat read again in a later input, after its original: unchanged too.
    let again = ingest(
        &mut store,
        "feed again",
        vec![
            article("a1", Some("2024-05-07"), "Earthquake kills dozens", QUAKE),
            article("a1#2", Some("2024-05-07"), "Earthquake kills dozens", QUAKE),
        ],
    );
    assert_eq!(
        (again.new, again.copies, again.unchanged),
        (0, 0, 2),
        "{again:?}"
    );
    assert_eq!(store.counts().unwrap(), (3, 2));
}

#[test]
fn an_id_reused_for_an_unrelated_text_is_a_new_article_not_a_version() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    ingest(
        &mut store,
        "wire",
        vec![article(
            "1",
            Some("2024-05-07"),
            "Earthquake kills dozens",
            QUAKE,
        )],
    );
    // Another source numbers its articles from 1 too.
    let report = ingest(
        &mut store,
        "bank",
        vec![article(
            "1",
            Some("2024-05-07"),
            "Norland raises rates",
            RATES,
        )],
    );
    assert_eq!((report.new, report.versions), (1, 0), "{report:?}");
    assert_eq!(report.reused_ids, vec!["1"]);
    assert_eq!(report.stories_opened, 1);
    let quake = store.story("s-000001").unwrap();
    assert_eq!(quake.story.headline, "Earthquake kills dozens");
    assert_eq!(quake.articles.len(), 1);
    // The page updated in place, most of it rewritten, is still a version of what it was.
    let first = QUAKE.split(". ").next().unwrap();
    let rewrite = format!(
        "{first}. The government declared three days of national mourning as hospitals in the \
         region asked for blood donors and tents arrived for the homeless."
    );
    let report = ingest(
        &mut store,
        "wire update",
        vec![article(
            "1",
            Some("2024-05-07"),
            "Earthquake kills dozens",
            &rewrite,
        )],
    );
    assert_eq!((report.new, report.versions), (0, 1), "{report:?}");
    assert!(report.reused_ids.is_empty());
}

#[test]
fn an_article_counts_as_stored_when_its_input_was_committed_not_when_it_began() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    let mut input = store.input("slow").unwrap();
    // A reader looks while the input is being stored.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let looked = herald_now();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    input
        .add(vec![article("a1", Some("2024-05-07"), "Quake", QUAKE)])
        .unwrap();
    input.commit().unwrap();
    let begun: String = rusqlite::Connection::open(db(&dir))
        .unwrap()
        .query_row("SELECT ingested FROM inputs", [], |r| r.get(0))
        .unwrap();
    let stored = &store.story("1").unwrap().articles[0].ingested;
    assert!(
        begun < looked && looked < *stored,
        "{begun} {looked} {stored}"
    );
    // So what is new since the reader looked holds it.
    let update = store
        .brief("1", &herald::Config::default(), Since::Time(looked.clone()))
        .unwrap();
    assert_eq!(update.new_articles, 1);
}

/// The time now as the store writes it (`2026-03-05T10:00:00Z`).
fn herald_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let day = secs.div_euclid(86_400) as i32;
    let rest = secs.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        herald::cluster::tracker::date_of_day(day),
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[test]
fn a_later_event_with_the_same_words_is_another_story() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    ingest(
        &mut store,
        "may",
        vec![article(
            "a1",
            Some("2024-05-07"),
            "Earthquake kills dozens",
            QUAKE,
        )],
    );
    let report = ingest(
        &mut store,
        "september",
        vec![article(
            "b2",
            Some("2024-09-20"),
            "Quake toll rises",
            QUAKE_2,
        )],
    );
    assert_eq!(report.stories_opened, 1, "{report:?}");
    let stories = store.stories(None, 1).unwrap();
    // Most recently active first.
    assert_eq!(stories[0].documents, vec!["b2"]);
    assert_eq!(stories[1].documents, vec!["a1"]);
    assert_eq!(stories[0].first.as_deref(), Some("2024-09-20"));
    // --since keeps the stories active on or after the day.
    let recent = store.stories(Some("2024-06-01"), 1).unwrap();
    assert_eq!(recent.len(), 1);
}

#[test]
fn a_minimum_larger_than_any_story_lists_none() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    ingest(
        &mut store,
        "may",
        vec![article(
            "a1",
            Some("2024-05-07"),
            "Earthquake kills dozens",
            QUAKE,
        )],
    );
    // `GET /api/stories?min_articles=18446744073709551615` and `--min-articles` take any
    // usize: one past i64 must not wrap around to a minimum of -1 and list every story.
    for min in [2, usize::MAX, usize::MAX / 2 + 1] {
        assert!(store.stories(None, min).unwrap().is_empty(), "{min}");
        let (page, total) = store.stories_page(None, min, 0, Some(10)).unwrap();
        assert_eq!((page.len(), total), (0, 0), "{min}");
    }
    assert_eq!(store.stories(None, 1).unwrap().len(), 1);
}

#[test]
fn a_story_dated_long_ago_with_an_undated_article_stored_since_is_listed_since() {
    // One article dated years back, then undated ones of the same story stored today: the
    // story is active today (the list ranks it so), and `since` a day before today keeps it,
    // as an article undated and stored on or after the day does.
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    ingest(
        &mut store,
        "archive",
        vec![article(
            "a1",
            Some("2013-09-10"),
            "Earthquake kills dozens in Port Elm",
            QUAKE,
        )],
    );
    ingest(
        &mut store,
        "today",
        vec![
            article("a2", None, "Earthquake kills dozens in Port Elm", QUAKE),
            article("a3", None, "Quake toll rises in Port Elm", QUAKE_2),
        ],
    );
    ingest(
        &mut store,
        "dated",
        vec![article(
            "b1",
            Some("2020-03-01"),
            "Norland raises interest rates",
            RATES,
        )],
    );
    let all = store.stories(None, 1).unwrap();
    let quake = all
        .iter()
        .find(|s| s.documents.contains(&"a1".to_owned()))
        .unwrap();
    assert_eq!(quake.documents, vec!["a1", "a2", "a3"], "{all:?}");
    assert_eq!(quake.last.as_deref(), Some("2013-09-10"));
    assert_eq!(all[0].id, quake.id, "ranked as active today: {all:?}");
    // The list since a day is the head of the whole list: what it keeps is what it ranks above.
    for (since, listed) in [("2019-01-01", 2), ("2021-01-01", 1), ("2999-01-01", 0)] {
        let head = store.stories(Some(since), 1).unwrap();
        assert_eq!(head, all[..listed], "since {since}");
        let (_, total) = store.stories_page(Some(since), 1, 0, Some(1)).unwrap();
        assert_eq!(total, listed, "since {since}");
    }
}

#[test]
fn batches_in_date_order_give_what_one_batch_gives() {
    let days = [
        "2024-05-07",
        "2024-05-07",
        "2024-05-08",
        "2024-05-08",
        "2024-05-09",
        "2024-05-10",
    ];
    let texts = [QUAKE, RATES, QUAKE_2, CUP, RATES, CUP];
    let pool: Vec<Article> = days
        .iter()
        .zip(texts)
        .enumerate()
        .map(|(k, (d, t))| {
            // Reworded enough not to be copies of one another.
            let text = format!("{t} Report number {k} adds that witnesses spoke of item {k}.");
            article(
                &format!("{}{k}", ["a", "b", "c"][k % 3]),
                Some(d),
                "News",
                &text,
            )
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let mut one = Store::open(&dir.path().join("one.db")).unwrap();
    ingest(&mut one, "all", pool.clone());
    let mut three = Store::open(&dir.path().join("three.db")).unwrap();
    for (k, part) in pool.chunks(2).enumerate() {
        ingest(&mut three, &format!("part {k}"), part.to_vec());
        // Each part by a new process: nothing carried in memory.
        three = Store::open(&dir.path().join("three.db")).unwrap();
    }
    assert_eq!(grouping(&one), grouping(&three));
    // The two earthquake reports are one story however the input was cut.
    assert!(grouping(&one)
        .iter()
        .any(|g| g.contains(&"a0".to_string()) && g.contains(&"c2".to_string())));
}

#[test]
fn an_input_dropped_before_its_commit_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    ingest(
        &mut store,
        "kept",
        vec![article("a1", Some("2024-05-07"), "Quake", QUAKE)],
    );
    {
        let mut input = store.input("abandoned").unwrap();
        input
            .add(vec![
                article("b1", Some("2024-05-07"), "Rates", RATES),
                article("c1", Some("2024-05-08"), "Quake toll", QUAKE_2),
            ])
            .unwrap();
        // Dropped here: an error or a panic half-way through an input.
    }
    assert_eq!(store.counts().unwrap(), (1, 1));
    assert_eq!(grouping(&store), vec![vec!["a1"]]);
    // The next input carries on from what was committed, not from what was dropped.
    let report = ingest(
        &mut store,
        "next",
        vec![article("c1", Some("2024-05-08"), "Quake toll", QUAKE_2)],
    );
    assert_eq!((report.new, report.stories_grown), (1, 1));
    assert_eq!(grouping(&store), vec![vec!["a1", "c1"]]);
}

#[test]
fn merged_stories_resolve_to_the_older_id() {
    let dir = tempfile::tempdir().unwrap();
    // Articles never join by similarity (join above any cosine), so each opens a story until a
    // version pulls a story close enough to another to merge.
    let mut config = StoreConfig::default();
    config.stories.join = 1.01;
    config.stories.join_single = 1.01;
    config.stories.merge = 0.3;
    let mut store = Store::open_with(&db(&dir), config).unwrap();
    ingest(&mut store, "1", vec![article("a1", None, "Quake", QUAKE)]);
    ingest(&mut store, "2", vec![article("b1", None, "Rates", RATES)]);
    ingest(
        &mut store,
        "3",
        vec![article("c1", None, "Quake toll", QUAKE_2)],
    );
    assert_eq!(store.counts().unwrap(), (3, 3));
    // A version of c1 that says what a1 says makes story 3 one with story 1.
    let report = ingest(
        &mut store,
        "4",
        vec![article(
            "c1",
            None,
            "Quake toll",
            &format!("{QUAKE_2} {QUAKE}"),
        )],
    );
    assert_eq!(report.stories_merged, 1, "{report:?}");
    assert_eq!(store.resolve("s-000003").unwrap(), 1);
    let story = store.story("3").unwrap();
    assert_eq!(story.story.id, "s-000001");
    assert_eq!(story.merged, vec!["s-000003"]);
    assert_eq!(story.story.documents, vec!["a1", "c1"]);
    let ids: Vec<String> = store
        .stories(None, 1)
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(ids, vec!["s-000002", "s-000001"]);
    assert!(matches!(
        store.resolve("s-000009"),
        Err(Error::NoSuchStory(_))
    ));
    // An article is found in the story it is in now.
    assert_eq!(store.stories_of_article("c1").unwrap(), vec!["s-000001"]);
    assert!(store.stories_of_article("zz").unwrap().is_empty());
    // Pages of the list: each the next stories in its order, with the whole list's count.
    let page = |offset, limit| {
        let (stories, total) = store.stories_page(None, 1, offset, limit).unwrap();
        let ids: Vec<String> = stories.into_iter().map(|s| s.id).collect();
        (ids, total)
    };
    assert_eq!(page(0, Some(1)), (vec!["s-000002".to_owned()], 2));
    assert_eq!(page(1, Some(1)), (vec!["s-000001".to_owned()], 2));
    assert_eq!(page(1, None), (vec!["s-000001".to_owned()], 2));
    assert_eq!(page(2, Some(5)), (Vec::new(), 2));
    let (_, total) = store.stories_page(None, 2, 0, Some(1)).unwrap();
    assert_eq!(total, 1, "only s-000001 holds two articles");
    // One story at a time, until the reader has enough.
    let mut seen = Vec::new();
    let total = store
        .each_story(None, 1, 0, None, true, |s| {
            seen.push(s.id);
            std::ops::ControlFlow::Break(())
        })
        .unwrap();
    assert_eq!((seen, total), (vec!["s-000002".to_owned()], 2));
}

#[test]
fn an_update_since_the_last_brief_tells_what_a_merge_brought_in_after_it() {
    // The reader had the brief of story 1 before story 2 proved to be part of it: story 2's
    // article is new to story 1, though it was stored before that brief.
    let dir = tempfile::tempdir().unwrap();
    let mut config = StoreConfig::default();
    config.stories.join = 1.01;
    config.stories.join_single = 1.01;
    config.stories.merge = 0.3;
    let mut store = Store::open_with(&db(&dir), config).unwrap();
    ingest(&mut store, "1", vec![article("a1", None, "Quake", QUAKE)]);
    ingest(
        &mut store,
        "2",
        vec![article("c1", None, "Quake toll", QUAKE_2)],
    );
    assert_eq!(store.counts().unwrap(), (2, 2));
    let herald_config = herald::Config::default();
    store.brief("s-000001", &herald_config, Since::All).unwrap();
    // A version of c1 that says what a1 says makes story 2 one with story 1.
    let report = ingest(
        &mut store,
        "3",
        vec![article(
            "c1",
            None,
            "Quake toll",
            &format!("{QUAKE_2} {QUAKE}"),
        )],
    );
    assert_eq!(report.stories_merged, 1, "{report:?}");
    let update = store
        .brief("s-000001", &herald_config, Since::LastBrief)
        .unwrap();
    assert_eq!(
        update.new_articles, 2,
        "both texts of c1 are new to story 1"
    );
    assert!(
        update.summary.summary.contains("52"),
        "{}",
        update.summary.summary
    );
}

#[test]
fn an_update_since_the_last_brief_goes_by_this_storys_brief_not_one_a_merge_brought() {
    // The reader had story 1's brief, then story 1 grew (a1's new version), then the reader
    // had story 2's brief, then story 2 proved to be part of story 1. Story 2's brief is the
    // later one, but it never told what story 1 gained: that is still new to story 1.
    let dir = tempfile::tempdir().unwrap();
    let mut config = StoreConfig::default();
    config.stories.join = 1.01;
    config.stories.join_single = 1.01;
    config.stories.merge = 0.3;
    let mut store = Store::open_with(&db(&dir), config).unwrap();
    let herald_config = herald::Config::default();
    ingest(
        &mut store,
        "1",
        vec![
            article("a1", None, "Quake", QUAKE),
            article("c1", None, "Quake toll", QUAKE_2),
        ],
    );
    assert_eq!(store.counts().unwrap(), (2, 2));
    store.brief("s-000001", &herald_config, Since::All).unwrap();
    let mourning = format!("{QUAKE}\n\nThe government declared three days of national mourning.");
    let report = ingest(
        &mut store,
        "2",
        vec![article("a1", None, "Quake", &mourning)],
    );
    assert_eq!(
        (report.versions, report.stories_grown),
        (1, 1),
        "{report:?}"
    );
    store.brief("s-000002", &herald_config, Since::All).unwrap();
    let report = ingest(
        &mut store,
        "3",
        vec![article(
            "c1",
            None,
            "Quake toll",
            &format!("{QUAKE_2} {}", QUAKE.split(". ").next().unwrap()),
        )],
    );
    assert_eq!(report.stories_merged, 1, "{report:?}");
    let update = store
        .brief("s-000001", &herald_config, Since::LastBrief)
        .unwrap();
    assert_eq!(update.new_articles, 3, "a1's version and both texts of c1");
    assert!(
        update.summary.summary.contains("mourning"),
        "{:?}",
        update.summary
    );
}

#[test]
fn a_story_finds_what_was_merged_into_it_through_an_index() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    drop(Store::open(&path).unwrap());
    let plan = |conn: &rusqlite::Connection| -> String {
        conn.query_row(
            "EXPLAIN QUERY PLAN SELECT n FROM stories WHERE merged_into = ?1 ORDER BY n",
            [1],
            |r| r.get::<_, String>(3),
        )
        .unwrap()
    };
    let conn = rusqlite::Connection::open(&path).unwrap();
    // Reading one story lists its merges; a scan of every story's row cost 32 ms a story in a
    // store of 200,000 articles.
    assert!(plan(&conn).contains("stories_merged"), "{}", plan(&conn));
    // A store of schema 5 gains the index when opened.
    conn.execute("DROP INDEX stories_merged", []).unwrap();
    // Nor what later schemas add.
    undo_from(&conn, 8);
    conn.pragma_update(None, "user_version", 5).unwrap();
    assert!(!plan(&conn).contains("stories_merged"));
    drop(conn);
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    assert!(plan(&conn).contains("stories_merged"), "{}", plan(&conn));
}

#[test]
fn what_is_not_a_store_is_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(
        &text,
        "these are notes, not a database, and long enough to look like a file",
    )
    .unwrap();
    let e = Store::open(&text).unwrap_err();
    assert!(matches!(e, Error::NotAStore { .. }), "{e}");
    assert!(e.to_string().contains("not an SQLite database"), "{e}");

    let other = dir.path().join("other.db");
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute_batch("CREATE TABLE t (x)").unwrap();
    drop(conn);
    let e = Store::open(&other).unwrap_err();
    assert!(e.to_string().contains("another program"), "{e}");

    let missing = dir.path().join("missing.db");
    let e = Store::open_existing(&missing).unwrap_err();
    assert!(e.to_string().contains("herald ingest"), "{e}");
    assert!(!missing.exists(), "reading must not create a store");
}

#[test]
fn a_store_whose_shm_file_may_not_be_written_is_refused_naming_that_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    drop(Store::open(&path).unwrap());
    // SQLite made its -shm file with the store's mode when the store was read-only, and the
    // store's mode alone was mended since.
    let shm = dir.path().join("herald.db-shm");
    std::fs::write(&shm, vec![0u8; 32768]).unwrap();
    std::fs::set_permissions(&shm, std::fs::Permissions::from_mode(0o444)).unwrap();
    // A reader opens it (the desk may show a store it cannot write); an ingest is refused.
    let mut store = Store::open(&path).unwrap();
    let input = store.input("more").map(|_| ());
    if std::fs::OpenOptions::new().write(true).open(&shm).is_ok() {
        // Run as root, the mode does not stop this user from writing: neither does herald.
        assert!(input.is_ok(), "{:?}", input.err());
    } else {
        match input {
            Err(Error::ReadOnly { file, .. }) => assert_eq!(file, shm),
            other => panic!("{:?}", other.err()),
        }
    }
}

#[test]
fn a_folder_or_a_missing_folder_is_named_not_left_to_sqlite() {
    // SQLite said "unable to open database file" for both, as an SQLite failure.
    let dir = tempfile::tempdir().unwrap();
    let e = Store::open(dir.path()).unwrap_err();
    assert!(matches!(e, Error::NotAStore { .. }), "{e}");
    assert!(
        e.to_string()
            .ends_with("not a herald store (a folder, not a file)"),
        "{e}"
    );
    let missing = dir.path().join("no-such-folder");
    let e = Store::open(&missing.join("news.db")).unwrap_err();
    assert!(
        matches!(e, Error::NoFolder { ref folder, .. } if *folder == missing),
        "{e}"
    );
    assert!(e.to_string().contains("no folder"), "{e}");
    assert!(!missing.exists(), "no folder is made");
    // A bare file name is in the current folder, which exists.
    assert!(!matches!(
        Store::open_existing(std::path::Path::new("news-not-here.db")),
        Err(Error::NoFolder { .. })
    ));
}

#[test]
fn a_brief_is_given_at_once_while_another_connection_ingests() {
    // An ingest holds the write lock for its whole input. A brief waited for it to keep its
    // sentences: `herald story` (and herald.Store.story) stood still for the whole ingest,
    // and failed with "database is locked" after 30 s.
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let mut writer = Store::open(&path).unwrap();
    ingest(
        &mut writer,
        "first",
        vec![article("a1", Some("2024-05-01"), "Quake", QUAKE)],
    );
    let mut reader = Store::open(&path).unwrap();
    let briefs = |store: &Store| -> i64 {
        let conn = rusqlite::Connection::open(store.path()).unwrap();
        conn.query_row("SELECT count(*) FROM briefs", [], |r| r.get(0))
            .unwrap()
    };
    let input = writer.input("second").unwrap();
    let started = std::time::Instant::now();
    let brief = reader
        .brief("1", &herald::Config::default(), Since::All)
        .expect("a brief while another process ingests");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "the brief waited {:?} for the ingest",
        started.elapsed()
    );
    assert!(!brief.summary.sentences.is_empty());
    drop(input);
    assert_eq!(briefs(&reader), 0, "not kept while the lock was held");
    // Once the writer is done, a brief is kept again, and the ingest's own waits are whole.
    reader
        .brief("1", &herald::Config::default(), Since::All)
        .unwrap();
    assert_eq!(briefs(&reader), 1);
    ingest(
        &mut reader,
        "third",
        vec![article("r1", Some("2024-05-02"), "Rates", RATES)],
    );
}

#[test]
fn a_store_written_by_a_newer_herald_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let e = Store::open(&path).unwrap_err();
    assert!(matches!(e, Error::Newer { found: 99, .. }), "{e}");
    assert!(e.to_string().contains("newer herald"), "{e}");
}

#[test]
fn a_new_store_is_at_the_current_schema_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    drop(Store::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert!(version >= 1);
    drop(conn);
    // A store keeps the settings it was created with, whatever a later open asks for.
    let custom = dir.path().join("custom.db");
    let mut config = StoreConfig::default();
    config.stories.join = 0.5;
    drop(Store::open_with(&custom, config.clone()).unwrap());
    let store = Store::open_with(&custom, StoreConfig::default()).unwrap();
    assert_eq!(store.config(), &config);
}

#[test]
fn a_store_made_before_the_background_table_keeps_weighing_words_by_its_own_counts() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.config().stories.background, 1.0);
    drop(store);
    // As schema 3 saved its settings: without the key.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE meta SET value = json_remove(value, '$.stories.background') WHERE key = 'config'",
        [],
    )
    .unwrap();
    // Nor the tables, indexes and columns later schemas add.
    conn.execute("DROP TABLE df_log", []).unwrap();
    conn.execute("DROP INDEX stories_merged", []).unwrap();
    undo_from(&conn, 8);
    conn.pragma_update(None, "user_version", 3).unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.config().stories.background, 0.0);
    let expected = StoreConfig {
        stories: herald::cluster::tracker::TrackerConfig {
            background: 0.0,
            ..Default::default()
        },
        ..Default::default()
    };
    assert_eq!(store.config(), &expected);
}

#[test]
fn a_store_made_before_the_undated_discount_keeps_grouping_as_it_did() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    drop(Store::open(&path).unwrap());
    // As schema 6 saved its settings: its bars, and no discount for an unknown time.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE meta SET value = json_set(json_remove(value, '$.stories.undated'), \
         '$.stories.join', 0.16, '$.stories.join_single', 0.12) WHERE key = 'config'",
        [],
    )
    .unwrap();
    // Nor what schema 8 and later add.
    undo_from(&conn, 8);
    conn.pragma_update(None, "user_version", 6).unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    let stories = &store.config().stories;
    assert_eq!(
        (stories.join, stories.join_single, stories.undated),
        (0.16, 0.12, 1.0)
    );
    // A new store takes today's defaults.
    let fresh = Store::open(&dir.path().join("fresh.db")).unwrap();
    assert!(fresh.config().stories.undated < 1.0);
}

#[test]
fn a_story_is_named_by_its_most_central_article_not_its_first() {
    // The first report is about one side of the event; the three after it tell the event
    // itself, in the words they share. Judged as each joined, the first (then a story of one,
    // its own centroid) would have kept the headline for ever.
    let side = "Schools in Port Elm stayed closed on Tuesday after the earthquake, and teachers \
        checked the damaged classrooms while parents waited outside the buildings.";
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    let day = Some("2024-05-07");
    ingest(
        &mut store,
        "first",
        vec![article("a0", day, "Port Elm schools stay shut", side)],
    );
    let headline = |store: &Store| store.stories(None, 1).unwrap()[0].headline.clone();
    assert_eq!(headline(&store), "Port Elm schools stay shut");
    ingest(
        &mut store,
        "second",
        vec![
            article("b1", day, "Earthquake kills dozens in Port Elm", QUAKE),
            article("c1", day, "Death toll rises in Port Elm quake", QUAKE_2),
            article(
                "d1",
                day,
                "Port Elm earthquake: rescuers search rubble",
                &format!("{QUAKE} {QUAKE_2}"),
            ),
        ],
    );
    let stories = store.stories(None, 1).unwrap();
    assert_eq!(stories.len(), 1, "{stories:?}");
    assert_eq!(stories[0].documents.len(), 4);
    assert_eq!(
        headline(&store),
        "Port Elm earthquake: rescuers search rubble"
    );
}

#[test]
fn a_story_is_named_alike_however_its_input_is_cut_into_batches() {
    // Six articles of one day that all join one story, as one batch or one batch an article:
    // judged batch by batch, an article that lost against an early centroid was never asked
    // again.
    let config = joining_at(
        -1.0,
        herald::cluster::tracker::TrackerConfig::default().window_days,
    );
    named_alike_in_one_batch_and_one_by_one(&config, &[], (30, 7), &mut |pool, next| {
        (0..6)
            .map(|k| {
                let (title, text) = drawn(&TOWN, next, k);
                article(&format!("p{pool}a{k}"), Some("2024-05-07"), &title, &text)
            })
            .collect()
    });
}

/// The default settings with both join bars at `join` (below 0: every article joins) and a
/// window of `window_days`.
fn joining_at(join: f64, window_days: u32) -> StoreConfig {
    StoreConfig {
        stories: herald::cluster::tracker::TrackerConfig {
            join,
            join_single: join,
            window_days,
            ..Default::default()
        },
        ..Default::default()
    }
}

/// A source of pseudo-random numbers below a bound.
type Draw<'a> = &'a mut dyn FnMut(u64) -> u64;

/// Pools of made-up articles (`make(pool, draw)` writes one), each ingested after `before`
/// as one input in one batch and in one batch an article: when the two group alike, they name
/// the stories alike. (Grouping itself can differ when an input runs longer than a window: a
/// batch keeps its first stories loaded to its end, and an article a batch cannot.)
fn named_alike_in_one_batch_and_one_by_one(
    config: &StoreConfig,
    before: &[Article],
    (pools, mut seed): (usize, u64),
    make: &mut dyn FnMut(usize, Draw) -> Vec<Article>,
) {
    let mut next = move |n: u64| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) % n
    };
    let mut compared = 0;
    for pool in 0..pools {
        let articles = make(pool, &mut next);
        let named = |batches: Vec<Vec<Article>>| {
            let dir = tempfile::tempdir().unwrap();
            let mut store = Store::open_with(&db(&dir), config.clone()).unwrap();
            if !before.is_empty() {
                ingest(&mut store, "before", before.to_vec());
            }
            let mut input = store.input("one").unwrap();
            for batch in batches {
                input.add(batch).unwrap();
            }
            input.commit().unwrap();
            let mut stories: Vec<(Vec<String>, String)> = store
                .stories(None, 1)
                .unwrap()
                .into_iter()
                .map(|s| {
                    let mut documents = s.documents;
                    documents.sort();
                    (documents, s.headline)
                })
                .collect();
            stories.sort();
            stories
        };
        let whole = named(vec![articles.clone()]);
        let one_by_one = named(articles.iter().cloned().map(|a| vec![a]).collect());
        let groups =
            |s: &[(Vec<String>, String)]| s.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
        if groups(&whole) == groups(&one_by_one) {
            assert_eq!(whole, one_by_one, "pool {pool}");
            compared += 1;
        }
    }
    assert!(
        compared * 3 >= pools * 2,
        "only {compared} of {pools} pools grouped alike"
    );
}

/// Eight words drawn from `words`, as a title of the first three and a text of all.
fn drawn(words: &[&str], next: Draw, k: usize) -> (String, String) {
    let w: Vec<&str> = (0..8)
        .map(|_| words[next(words.len() as u64) as usize])
        .collect();
    (
        format!("{} {} {} report{k}", w[0], w[1], w[2]),
        format!("{} in the town on Monday.", w.join(" ")),
    )
}

const TOWN: [&str; 12] = [
    "fire", "tunnel", "budget", "library", "report", "council", "bridge", "river", "strike",
    "school", "storm", "harbour",
];

const VOTE: [&str; 12] = [
    "election",
    "minister",
    "vote",
    "parliament",
    "coalition",
    "ballot",
    "senate",
    "campaign",
    "poll",
    "candidate",
    "party",
    "referendum",
];

#[test]
fn a_story_that_outlives_a_window_is_named_alike_however_its_input_is_cut() {
    // Twelve days, a window of two: cut one article a batch, the window moves and unloads
    // along the way; whole, it is one run. The story stays loaded, and is named at the end.
    let config = joining_at(-1.0, 2);
    named_alike_in_one_batch_and_one_by_one(&config, &[], (30, 7), &mut |pool, next| {
        (0..12)
            .map(|k| {
                let (title, text) = drawn(&TOWN, next, k);
                let date = format!("2024-05-{:02}", k + 1);
                article(&format!("p{pool}a{k}"), Some(&date), &title, &text)
            })
            .collect()
    });
}

#[test]
fn a_story_unloaded_and_loaded_again_is_named_alike_however_its_input_is_cut() {
    // A town story of three days beside a vote story of twelve; on the last day a new version
    // of the town story's first article loads it again. Named when it was unloaded, it is
    // judged again at the end among every article offered for it.
    let config = joining_at(0.02, 2);
    named_alike_in_one_batch_and_one_by_one(&config, &[], (30, 7), &mut |pool, next| {
        let mut articles = Vec::new();
        for k in 0..12 {
            let date = format!("2024-05-{:02}", k + 1);
            if k < 3 {
                let (title, text) = drawn(&TOWN, next, k);
                articles.push(article(&format!("s{pool}x{k}"), Some(&date), &title, &text));
            }
            let (title, text) = drawn(&VOTE, next, k);
            articles.push(article(&format!("t{pool}x{k}"), Some(&date), &title, &text));
        }
        let (title, text) = drawn(&TOWN, next, 99);
        articles.push(article(
            &format!("s{pool}x0"),
            Some("2024-05-12"),
            &title,
            &text,
        ));
        articles
    });
}

#[test]
fn a_story_unloaded_before_the_commit_is_named_as_one_kept_loaded_is() {
    // A town story of three days; vote stories run to day 12 and use two town words each, so
    // the document frequencies move after the town story is unloaded (window two, one batch an
    // article). Whole, it stays loaded. Either way it is named at the commit, under the same
    // frequencies.
    let config = joining_at(0.1, 2);
    named_alike_in_one_batch_and_one_by_one(&config, &[], (60, 11), &mut |pool, next| {
        let mut articles = Vec::new();
        for k in 0..12 {
            let date = format!("2024-05-{:02}", k + 1);
            if k < 3 {
                for m in 0..3 {
                    let (title, text) = drawn(&TOWN, next, 10 * k + m);
                    let id = format!("s{pool}x{k}{m}");
                    articles.push(article(&id, Some(&date), &title, &text));
                }
            }
            for m in 0..3 {
                let (a, b) = (TOWN[next(12) as usize], TOWN[next(12) as usize]);
                let v: Vec<&str> = (0..6).map(|_| VOTE[next(12) as usize]).collect();
                let title = format!("{} {} {a} vote{k}{m}", v[0], v[1]);
                let text = format!("{} {a} {b} in parliament.", v.join(" "));
                articles.push(article(
                    &format!("t{pool}x{k}{m}"),
                    Some(&date),
                    &title,
                    &text,
                ));
            }
        }
        articles
    });
}

#[test]
fn the_headline_a_story_had_before_the_input_stays_a_candidate() {
    // A story named by an earlier input is unloaded in this one (one batch an article) and
    // loaded again by versions of its first article: the article that named it before is
    // judged with the rest at the commit, as when nothing is unloaded.
    let config = joining_at(0.1, 2);
    let first = article(
        "h0",
        Some("2024-05-01"),
        "Harbour flood closes ferry",
        "The harbour flood closed the ferry terminal. Harbour flood waters reached the ferry.",
    );
    named_alike_in_one_batch_and_one_by_one(&config, &[first], (1, 1), &mut |_, _| {
        let mut articles = Vec::new();
        for k in 0..3 {
            articles.push(article(
                &format!("x{k}"),
                Some(&format!("2024-05-{:02}", k + 1)),
                &format!("Harbour flood tunnel inquiry blames contractor {k}"),
                "The harbour flood closed the tunnel. The tunnel inquiry blamed the contractor \
                 for the harbour flood.",
            ));
        }
        for (k, vote) in VOTE.iter().enumerate() {
            articles.push(article(
                &format!("t{k}"),
                Some(&format!("2024-05-{:02}", k + 1)),
                &format!("Senate {vote} vote"),
                &format!(
                    "The senate voted on the {vote} bill. Senators debated the {} measure.",
                    VOTE[(k + 3) % 12]
                ),
            ));
        }
        for (j, w) in ["gull", "pier", "dock", "buoy", "mooring", "quay"]
            .iter()
            .enumerate()
        {
            articles.push(article(
                "h0",
                Some("2024-05-12"),
                &format!("Harbour flood ferry {w}"),
                &format!(
                    "The harbour flood closed the ferry terminal. Harbour flood waters reached \
                     the ferry {w} {j}."
                ),
            ));
        }
        articles
    });
}

#[test]
fn an_update_counts_a_date_the_store_cannot_read_as_when_the_article_was_stored() {
    // Nothing is newer than a day centuries ahead: not an article dated in words the store
    // does not read (it was stored today), nor one dated with a time and a zone.
    let config = herald::Config::default();
    for (date, since) in [
        ("May 7, 2024", Since::Date("2999-01-01".into())),
        ("May 7, 2024", Since::Time("2999-01-01T00:00:00Z".into())),
        (
            "2024-05-07T23:30:00-05:00",
            Since::Date("2999-01-01".into()),
        ),
        (
            "2024-05-07T23:30:00-05:00",
            Since::Time("2999-01-01T00:00:00Z".into()),
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&db(&dir)).unwrap();
        let quake = article(
            "a1",
            Some(date),
            "Earthquake kills dozens in Port Elm",
            QUAKE,
        );
        ingest(&mut store, "one", vec![quake]);
        let id = store.stories(None, 1).unwrap()[0].id.clone();
        let brief = store.brief(&id, &config, since.clone()).unwrap();
        assert_eq!(brief.new_articles, 0, "{date:?} {since:?}");
    }
}

#[test]
fn readers_see_the_last_commit_while_an_input_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let mut writer = Store::open(&path).unwrap();
    ingest(
        &mut writer,
        "first",
        vec![article("a1", Some("2024-05-07"), "Quake", QUAKE)],
    );
    let mut input = writer.input("second").unwrap();
    input
        .add(vec![article("b1", Some("2024-05-07"), "Rates", RATES)])
        .unwrap();
    // A reader opened now answers at once, with what was committed.
    let reader = Store::open_existing(&path).unwrap();
    let started = std::time::Instant::now();
    assert_eq!(grouping(&reader), vec![vec!["a1"]]);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    input.commit().unwrap();
    assert_eq!(grouping(&reader), vec![vec!["a1"], vec!["b1"]]);
}

#[test]
fn an_update_brief_tells_only_what_the_later_articles_add() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    ingest(
        &mut store,
        "day 1",
        vec![article(
            "a1",
            Some("2024-05-07"),
            "Earthquake kills dozens",
            QUAKE,
        )],
    );
    let config = herald::Config::default();
    let first = store.brief("1", &config, Since::LastBrief).unwrap();
    // No brief before: the whole story.
    assert_eq!(first.since, None);
    assert!(!first.summary.sentences.is_empty());
    let update = format!(
        "{QUAKE_2} Engineers closed the harbour bridge on Wednesday after cracks were found in \
         two of its pillars."
    );
    std::thread::sleep(std::time::Duration::from_millis(1100));
    ingest(
        &mut store,
        "day 2",
        vec![article(
            "c1",
            Some("2024-05-08"),
            "Quake toll rises",
            &update,
        )],
    );
    assert_eq!(
        store.stories(None, 1).unwrap()[0].documents,
        vec!["a1", "c1"]
    );
    let second = store.brief("1", &config, Since::LastBrief).unwrap();
    assert!(second.since.is_some());
    assert_eq!(second.new_articles, 1);
    let quoted: Vec<&str> = second
        .summary
        .sentences
        .iter()
        .map(|s| s.document.as_str())
        .collect();
    assert!(
        !quoted.is_empty() && quoted.iter().all(|d| *d == "c1"),
        "{quoted:?}"
    );
    // Straight after, nothing is new.
    let third = store.brief("1", &config, Since::LastBrief).unwrap();
    assert!(
        third.summary.sentences.is_empty(),
        "{:?}",
        third.summary.summary
    );
    // Since a date: the articles published from that day on.
    let dated = store
        .brief("1", &config, Since::Date("2024-05-08".into()))
        .unwrap();
    assert!(dated.summary.sentences.iter().all(|s| s.document == "c1"));
    assert_eq!(dated.new_articles, 1);
}

/// A store holding story 1: a1 (QUAKE, dated 2024-05-07) and, in a second input, c1 (dated
/// 2024-05-08), which retells the quake and adds the harbour bridge.
fn quake_and_its_update(dir: &tempfile::TempDir) -> Store {
    let mut store = Store::open(&db(dir)).unwrap();
    ingest(
        &mut store,
        "day 1",
        vec![article(
            "a1",
            Some("2024-05-07"),
            "Earthquake kills dozens",
            QUAKE,
        )],
    );
    let update = format!(
        "{QUAKE_2} Engineers closed the harbour bridge on Wednesday after cracks were found in \
         two of its pillars."
    );
    ingest(
        &mut store,
        "day 2",
        vec![article(
            "c1",
            Some("2024-05-08"),
            "Quake toll rises",
            &update,
        )],
    );
    assert_eq!(
        store.stories(None, 1).unwrap()[0].documents,
        vec!["a1", "c1"]
    );
    store
}

/// Sets what the store says of when things happened (`briefs.at`, `articles.ingested`), so
/// that a test can place a brief and an article in one second, or a brief before a day.
/// Runs `sql`, which sets articles' `ingested` and briefs' `at`, then dates each input's commit
/// at its last article's time, as if each had been committed the moment it was stored (a
/// store before schema 9, without the column, is left as it is).
fn set_times(dir: &tempfile::TempDir, sql: &str) {
    let conn = rusqlite::Connection::open(db(dir)).unwrap();
    conn.execute_batch(sql).unwrap();
    let _ = conn.execute(
        "UPDATE inputs SET committed = (SELECT max(ingested) FROM articles a WHERE a.input = inputs.n)",
        [],
    );
}

fn texts(brief: &herald_store::Brief) -> Vec<String> {
    brief
        .summary
        .sentences
        .iter()
        .map(|s| s.text.clone())
        .collect()
}

#[test]
fn an_update_since_a_day_or_a_time_is_the_same_however_often_it_is_asked() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = quake_and_its_update(&dir);
    let config = herald::Config::default();
    let day = Since::Date("2024-05-08".into());
    let first = store.brief("1", &config, day.clone()).unwrap();
    assert_eq!(first.new_articles, 1);
    assert!(!first.summary.sentences.is_empty());
    assert!(first.summary.sentences.iter().all(|s| s.document == "c1"));
    // Asked again, and after a brief of the whole story given since: the same update. What
    // this process was told after the day is not what a reader could have seen by then.
    assert_eq!(
        store.brief("1", &config, day.clone()).unwrap().summary,
        first.summary
    );
    let whole = store.brief("1", &config, Since::All).unwrap();
    assert_eq!(
        store.brief("1", &config, day.clone()).unwrap().summary,
        first.summary
    );
    let time = Since::Time("2024-05-07T12:00:00Z".into());
    let by_time = store.brief("1", &config, time.clone()).unwrap();
    assert_eq!(
        store.brief("1", &config, time.clone()).unwrap().summary,
        by_time.summary
    );
    // A brief given before the day (or at or before the time) was told: the update leaves out
    // what it said.
    set_times(
        &dir,
        // The whole brief: the one without a starting point.
        "UPDATE briefs SET at = '2024-05-07T12:00:00Z' WHERE since IS NULL",
    );
    let told: Vec<String> = texts(&whole);
    let retold: Vec<String> = texts(&first)
        .into_iter()
        .filter(|t| told.contains(t))
        .collect();
    assert!(!retold.is_empty(), "the whole brief told some of c1");
    for since in [day, time] {
        let later = texts(&store.brief("1", &config, since.clone()).unwrap());
        assert!(
            later.iter().all(|t| !told.contains(t)),
            "{since:?}: {later:?}"
        );
    }
    // A moment before the brief was given: it was not told yet.
    let before = Since::Time("2024-05-07T11:59:59Z".into());
    assert_eq!(
        store.brief("1", &config, before).unwrap().summary,
        by_time.summary
    );
}

/// A store in `dir` holding one story, of one article, that has had one brief; the settings
/// it was briefed with.
fn a_story_briefed_once(dir: &tempfile::TempDir) -> (Store, herald::Config) {
    let mut store = Store::open(&db(dir)).unwrap();
    let quake = article("a1", Some("2024-05-07"), "Earthquake kills dozens", QUAKE);
    ingest(&mut store, "day 1", vec![quake]);
    let config = herald::Config::default();
    store.brief("1", &config, Since::LastBrief).unwrap();
    (store, config)
}

#[test]
fn an_article_stored_in_the_second_of_the_last_brief_is_new_to_the_next_update() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, config) = a_story_briefed_once(&dir);
    let update = format!(
        "{QUAKE_2} Engineers closed the harbour bridge on Wednesday after cracks were found in \
         two of its pillars."
    );
    ingest(
        &mut store,
        "day 2",
        vec![article(
            "c1",
            Some("2024-05-08"),
            "Quake toll rises",
            &update,
        )],
    );
    // The brief and the article after it in one second (the store's times have seconds).
    set_times(
        &dir,
        "UPDATE articles SET ingested = '2026-01-01T10:00:00Z' WHERE id = 'a1';
         UPDATE briefs SET at = '2026-01-01T10:00:05Z';
         UPDATE articles SET ingested = '2026-01-01T10:00:05Z' WHERE id = 'c1';",
    );
    let next = store.brief("1", &config, Since::LastBrief).unwrap();
    assert_eq!(next.new_articles, 1);
    assert!(!next.summary.sentences.is_empty());
    assert!(next.summary.sentences.iter().all(|s| s.document == "c1"));
    let again = store.brief("1", &config, Since::LastBrief).unwrap();
    assert_eq!(again.new_articles, 0);
    assert!(again.summary.sentences.is_empty());
    // Since a moment of that second, an article stored in it may have come after: it is new.
    let time = Since::Time("2026-01-01T10:00:05Z".into());
    assert_eq!(store.brief("1", &config, time).unwrap().new_articles, 1);
}

#[test]
fn a_brief_given_before_schema_8_counts_what_was_stored_after_it_by_time() {
    let dir = tempfile::tempdir().unwrap();
    let (store, config) = a_story_briefed_once(&dir);
    drop(store);
    // As schema 7 kept a brief: without the input it had seen.
    set_times(
        &dir,
        "ALTER TABLE feeds DROP COLUMN failures;
         DROP INDEX articles_input;
         ALTER TABLE briefs DROP COLUMN input;
         ALTER TABLE articles DROP COLUMN joined;
         ALTER TABLE briefs DROP COLUMN given_for;
         ALTER TABLE inputs DROP COLUMN committed;
         DROP INDEX articles_id;
         PRAGMA user_version = 7;
         UPDATE articles SET ingested = '2026-01-01T10:00:00Z';
         UPDATE briefs SET at = '2026-01-01T10:00:05Z';",
    );
    let mut store = Store::open(&db(&dir)).unwrap();
    let update = format!(
        "{QUAKE_2} Engineers closed the harbour bridge on Wednesday after cracks were found in \
         two of its pillars."
    );
    ingest(
        &mut store,
        "day 2",
        vec![article(
            "c1",
            Some("2024-05-08"),
            "Quake toll rises",
            &update,
        )],
    );
    // An article stored after the old brief is new, one stored before it is not; one of the
    // same second may have come after, so it is new too (said again rather than never).
    for stored in ["2026-01-01T10:00:06Z", "2026-01-01T10:00:05Z"] {
        set_times(
            &dir,
            &format!("UPDATE articles SET ingested = '{stored}' WHERE id = 'c1'"),
        );
        let brief = store.brief("1", &config, Since::LastBrief).unwrap();
        assert_eq!(brief.new_articles, 1, "stored {stored}");
        assert!(brief.summary.sentences.iter().all(|s| s.document == "c1"));
        assert!(!brief.summary.sentences.is_empty());
        // The brief just given knows the input it saw: nothing is new after it.
        let again = store.brief("1", &config, Since::LastBrief).unwrap();
        assert_eq!(again.new_articles, 0, "stored {stored}");
        // Back to the old brief alone.
        set_times(
            &dir,
            "DELETE FROM brief_sentences WHERE brief > 1; DELETE FROM briefs WHERE n > 1;",
        );
    }
}

/// The document frequencies a store holds: `df`, then the changes logged since the last fold
/// in commit order; and how many inputs' changes are logged.
fn stored_df(path: &std::path::Path) -> (std::collections::BTreeMap<u32, u32>, usize) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut df = std::collections::BTreeMap::new();
    let mut stmt = conn.prepare("SELECT term, n FROM df").unwrap();
    let rows = stmt.query_map([], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, u32>(1)?)));
    for row in rows.unwrap() {
        let (t, n) = row.unwrap();
        df.insert(t, n);
    }
    let mut stmt = conn
        .prepare("SELECT terms FROM df_log ORDER BY input")
        .unwrap();
    let logs: Vec<Vec<u8>> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for bytes in &logs {
        for c in bytes.chunks_exact(8) {
            let t = u32::from_le_bytes(c[..4].try_into().unwrap());
            df.insert(t, u32::from_le_bytes(c[4..].try_into().unwrap()));
        }
    }
    (df, logs.len())
}

/// The document frequencies counted afresh from the stored articles' profiles.
fn counted_df(path: &std::path::Path) -> std::collections::BTreeMap<u32, u32> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut df = std::collections::BTreeMap::new();
    let mut stmt = conn.prepare("SELECT profile FROM articles").unwrap();
    let rows = stmt.query_map([], |r| r.get::<_, Vec<u8>>(0)).unwrap();
    for bytes in rows {
        let profile = herald::cluster::stories::profile_from_bytes(&bytes.unwrap()).unwrap();
        for (t, _) in profile {
            *df.entry(t).or_insert(0) += 1;
        }
    }
    df
}

#[test]
fn document_frequencies_logged_and_folded_are_what_the_articles_count() {
    let texts = [QUAKE, QUAKE_2, RATES, CUP];
    let dir = tempfile::tempdir().unwrap();
    let path = db(&dir);
    let mut store = Store::open(&path).unwrap();
    // A vocabulary first, so that short inputs change a small share of it and are logged.
    let first: Vec<Article> = texts
        .iter()
        .enumerate()
        .map(|(k, t)| article(&format!("a{k}"), Some("2024-05-07"), "News", t))
        .collect();
    ingest(&mut store, "first", first);
    let (mut logged, mut folded, mut was) = (false, false, 0);
    for k in 0..40 {
        let words = [
            "harbour", "ferry", "strike", "union", "wages", "dock", "cargo",
        ];
        let text = format!(
            "The {} {} at pier {k} went on into a second week.",
            words[k % words.len()],
            words[(k * 3 + 1) % words.len()]
        );
        ingest(
            &mut store,
            &format!("short {k}"),
            vec![article(&format!("b{k}"), Some("2024-05-08"), "Pier", &text)],
        );
        if k % 3 == 0 {
            // A new process now and then: what it loads must be what the last one held.
            store = Store::open(&path).unwrap();
        }
        let (df, logs) = stored_df(&path);
        assert_eq!(df, counted_df(&path), "after input {k}");
        logged |= logs > 0;
        folded |= logs < was;
        was = logs;
    }
    assert!(logged && folded, "both the log and the fold were used");
}

/// A word of letters only, distinct for each (story, position).
fn word(story: u64, k: u64) -> String {
    let mut n = story * 50 + k + 26 * 26;
    let mut s = String::new();
    while n > 0 {
        s.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
    }
    format!("{s}ville")
}

#[test]
fn one_process_and_a_process_per_input_group_alike_with_late_and_undated_articles() {
    // 60 stories over three years, four articles each: most in date order, some arriving
    // inputs later than their date, some undated. A process that keeps its window between
    // inputs (loading, unloading and reloading as the dates jump) must hold what a fresh
    // process loads from the store.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let start = herald::cluster::tracker::day_number("2013-01-01").unwrap();
    let mut articles: Vec<(i64, Article)> = Vec::new();
    for s in 0..60u64 {
        let base = start + next(1000) as i32;
        for a in 0..4u64 {
            let words: Vec<String> = (0..30)
                .filter(|_| next(3) > 0)
                .map(|k| word(s, k))
                .collect();
            let sentences: Vec<String> = words
                .chunks(8)
                .map(|c| format!("The council said {} on Monday.", c.join(" and ")))
                .collect();
            let day = base + next(4) as i32;
            let date = (next(5) > 0).then(|| herald::cluster::tracker::date_of_day(day));
            let id = format!("s{s}-a{a}");
            let text = sentences.join(" ");
            // Sorted by date (undated first), then a tenth moved late.
            let key = if next(10) == 0 {
                i64::from(day) + 400
            } else {
                date.as_ref().map_or(0, |_| i64::from(day))
            };
            articles.push((key, article(&id, date.as_deref(), &word(s, 0), &text)));
        }
    }
    articles.sort_by_key(|(k, a)| (*k, a.id.clone()));
    let inputs: Vec<Vec<Article>> = articles
        .chunks(40)
        .map(|c| c.iter().map(|(_, a)| a.clone()).collect())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let mut one = Store::open(&dir.path().join("one.db")).unwrap();
    for (k, input) in inputs.iter().enumerate() {
        ingest(&mut one, &format!("input-{k}"), input.clone());
    }
    let each = dir.path().join("each.db");
    for (k, input) in inputs.iter().enumerate() {
        let mut store = Store::open(&each).unwrap();
        ingest(&mut store, &format!("input-{k}"), input.clone());
    }
    let one = grouping(&one);
    assert_eq!(one, grouping(&Store::open(&each).unwrap()));
    // And the grouping is the stories': nearly every group one story's articles, few split.
    let impure: Vec<&Vec<String>> = one
        .iter()
        .filter(|g| {
            let story = g[0].split('-').next().unwrap();
            !g.iter().all(|d| d.starts_with(&format!("{story}-")))
        })
        .collect();
    assert!(impure.len() <= 2, "{impure:?}");
    assert!(
        one.len() <= 80,
        "{} groups for 60 stories: {one:?}",
        one.len()
    );
    // `Store::stories` lists `since` a day by a story's `active`, read as the last `day` of its
    // articles (its date's, or, undated, its storing's): late articles, undated ones, merges
    // and revisits keep it so.
    for path in [dir.path().join("one.db"), each] {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let (stories, off): (i64, i64) = conn
            .query_row(
                "SELECT count(*), count(*) FILTER (WHERE active != (SELECT max(day) FROM articles
                 WHERE story = s.n)) FROM stories s WHERE merged_into IS NULL AND articles > 0",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(off, 0, "of {stories} stories in {path:?}");
    }
}

/// How many briefs the store in `dir` keeps.
fn briefs_kept(dir: &tempfile::TempDir) -> i64 {
    let conn = rusqlite::Connection::open(db(dir)).unwrap();
    conn.query_row("SELECT count(*) FROM briefs", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn the_same_update_asked_again_is_not_stored_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = quake_and_its_update(&dir);
    let config = herald::Config::default();
    let since = Since::Time("2020-01-01T00:00:00Z".into());
    let first = store.brief("1", &config, since.clone()).unwrap();
    assert_eq!(briefs_kept(&dir), 1);
    // A client polling the update, or a reader reopening the story: the same brief, kept once.
    for _ in 0..5 {
        let again = store.brief("1", &config, since.clone()).unwrap();
        assert_eq!(again.summary.summary, first.summary.summary);
    }
    assert_eq!(briefs_kept(&dir), 1, "the same brief stored again");
    // Asked from other points that give the same brief (the desk's "since your last visit",
    // a moment later at each visit): the sentences were told already, kept once.
    for at in ["2020-06-01T00:00:00Z", "2021-01-01T00:00:00Z"] {
        let later = store.brief("1", &config, Since::Time(at.into())).unwrap();
        assert_eq!(later.summary.summary, first.summary.summary);
    }
    assert_eq!(
        briefs_kept(&dir),
        1,
        "the same brief from another point stored again"
    );
    // Other settings are another brief; so is the same one after another input was stored.
    store
        .brief(
            "1",
            &herald::Config {
                budget: herald::model::Budget::Words(20),
                ..config.clone()
            },
            since.clone(),
        )
        .unwrap();
    assert_eq!(briefs_kept(&dir), 2);
    ingest(
        &mut store,
        "elsewhere",
        vec![article("z1", Some("2024-05-09"), "Harbour wall", "The harbour wall in Kestrel Bay will be rebuilt next spring, the council said on Monday.")],
    );
    store.brief("1", &config, since.clone()).unwrap();
    assert_eq!(briefs_kept(&dir), 3);
    // Since the last brief, after the same one was asked again: nothing new, as before.
    let last = store.brief("1", &config, Since::LastBrief).unwrap();
    assert_eq!(last.new_articles, 0);
}

#[test]
fn a_day_or_time_that_is_none_is_an_error_not_an_empty_answer() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&db(&dir)).unwrap();
    ingest(
        &mut store,
        "day 1",
        vec![article("a1", Some("2024-05-07"), "Earthquake", QUAKE)],
    );
    let config = herald::Config::default();
    for since in [
        Since::Date("garbage".into()),
        Since::Date("2024-05-07T00:00:00Z".into()),
        Since::Time("yesterday".into()),
    ] {
        match store.brief("s-000001", &config, since.clone()) {
            Err(Error::BadTime { given, .. }) => assert!(!given.is_empty()),
            other => panic!("{since:?}: {:?}", other.map(|b| b.summary.summary)),
        }
    }
    assert!(matches!(
        store.stories(Some("garbage"), 1),
        Err(Error::BadTime { .. })
    ));
    // Nothing was kept of the refused briefs; a good one still works.
    assert!(store
        .brief("s-000001", &config, Since::Date("2024-05-01".into()))
        .is_ok());
    assert_eq!(store.stories(Some("2024-05-01"), 1).unwrap().len(), 1);
}
