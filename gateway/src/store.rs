//! SQLite storage of projects, functions, tasks, runs and run logs as JSON documents.
//!
//! Every public method is one transaction, so a crash never leaves half a change behind.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

/// The entity collections the store keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collection {
    Project,
    Function,
    Task,
    Run,
}

impl Collection {
    fn table_key(self) -> &'static str {
        match self {
            Collection::Project => "project",
            Collection::Function => "function",
            Collection::Task => "task",
            Collection::Run => "run",
        }
    }
}

/// A storage failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("stored document is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the database lock is poisoned because an earlier request panicked")]
    Poisoned,
}

/// A SQLite database file, or an in-memory database that dies with the process.
pub struct Store {
    connection: Mutex<Connection>,
}

/// One run log as stored: the whole output of the run's process so far.
#[derive(Debug, Clone)]
pub struct StoredLog {
    pub id: String,
    pub run_id: String,
    pub project: String,
    pub created: String,
    pub updated: String,
    pub content: Vec<u8>,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS entities (
    collection TEXT NOT NULL,
    id TEXT NOT NULL,
    project TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (collection, id)
);
CREATE INDEX IF NOT EXISTS entities_by_project ON entities (collection, project);
CREATE TABLE IF NOT EXISTS run_logs (
    run_id TEXT PRIMARY KEY,
    id TEXT NOT NULL,
    project TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    content BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS run_log_chunks (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id TEXT NOT NULL,
    content BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS run_log_chunks_by_run ON run_log_chunks (run_id, seq);
";

/// Outcome of [`Store::append_log`] for one chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogAppend {
    /// The whole chunk was stored.
    Stored,
    /// The log reached its size limit with this chunk: the part that fitted was stored,
    /// followed by the truncation note.
    Truncated,
    /// The log was already full, so nothing was stored.
    Dropped,
}

impl Store {
    /// Opens (or creates) the database file at `path`.
    ///
    /// # Errors
    /// [`StoreError::Database`] when the file cannot be opened or the tables created.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let connection = Connection::open(path)?;
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "NORMAL")?;
        Store::with_connection(connection)
    }

    /// Opens an empty in-memory database.
    ///
    /// # Errors
    /// [`StoreError::Database`] when SQLite cannot create it.
    pub fn in_memory() -> Result<Self, StoreError> {
        Store::with_connection(Connection::open_in_memory()?)
    }

    fn with_connection(connection: Connection) -> Result<Self, StoreError> {
        connection.execute_batch(SCHEMA)?;
        add_log_size_column(&connection)?;
        Ok(Store {
            connection: Mutex::new(connection),
        })
    }

    fn lock(&self) -> Result<MutexGuard<'_, Connection>, StoreError> {
        self.connection.lock().map_err(|_| StoreError::Poisoned)
    }

    /// Reads one entity.
    ///
    /// # Errors
    /// [`StoreError`] on a database failure.
    pub fn get(&self, collection: Collection, id: &str) -> Result<Option<Value>, StoreError> {
        let connection = self.lock()?;
        read_entity(&connection, collection, id)
    }

    /// Inserts a new entity. Returns false, and changes nothing, when the id is taken.
    ///
    /// # Errors
    /// [`StoreError`] on a database failure.
    pub fn insert(
        &self,
        collection: Collection,
        id: &str,
        project: &str,
        body: &Value,
    ) -> Result<bool, StoreError> {
        let connection = self.lock()?;
        let text = serde_json::to_string(body)?;
        let inserted = connection.execute(
            "INSERT OR IGNORE INTO entities (collection, id, project, body) VALUES (?1, ?2, ?3, ?4)",
            params![collection.table_key(), id, project, text],
        )?;
        Ok(inserted == 1)
    }

    /// Reads, changes and writes back one entity in one transaction. `change` may reject the
    /// change with its own error type; then nothing is written. Returns `Ok(None)` when the
    /// entity does not exist.
    ///
    /// # Errors
    /// The error of `change`, or a [`StoreError`] converted into `E`.
    pub fn update<E, F>(
        &self,
        collection: Collection,
        id: &str,
        change: F,
    ) -> Result<Option<Value>, E>
    where
        E: From<StoreError>,
        F: FnOnce(&mut Value) -> Result<(), E>,
    {
        let mut connection = self.lock().map_err(E::from)?;
        let transaction = connection
            .transaction()
            .map_err(|error| E::from(StoreError::from(error)))?;

        let Some(mut body) = read_entity(&transaction, collection, id).map_err(E::from)? else {
            return Ok(None);
        };
        change(&mut body)?;

        let text = serde_json::to_string(&body).map_err(|error| E::from(error.into()))?;
        transaction
            .execute(
                "UPDATE entities SET body = ?3 WHERE collection = ?1 AND id = ?2",
                params![collection.table_key(), id, text],
            )
            .map_err(|error| E::from(error.into()))?;
        transaction
            .commit()
            .map_err(|error| E::from(error.into()))?;
        Ok(Some(body))
    }

    /// Lists every entity of a collection, of one project or of all projects.
    ///
    /// # Errors
    /// [`StoreError`] on a database failure.
    pub fn list(
        &self,
        collection: Collection,
        project: Option<&str>,
    ) -> Result<Vec<Value>, StoreError> {
        let connection = self.lock()?;
        let mut statement = connection.prepare(
            "SELECT body FROM entities WHERE collection = ?1 AND (?2 IS NULL OR project = ?2)",
        )?;
        let rows = statement.query_map(params![collection.table_key(), project], |row| {
            row.get::<_, String>(0)
        })?;

        let mut documents = Vec::new();
        for row in rows {
            documents.push(serde_json::from_str(&row?)?);
        }
        Ok(documents)
    }

    /// Deletes entities and the logs of deleted runs in one transaction. Returns how many
    /// entities were deleted.
    ///
    /// # Errors
    /// [`StoreError`] on a database failure.
    pub fn delete_many(&self, entries: &[(Collection, String)]) -> Result<usize, StoreError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction()?;

        let mut deleted = 0;
        for (collection, id) in entries {
            deleted += transaction.execute(
                "DELETE FROM entities WHERE collection = ?1 AND id = ?2",
                params![collection.table_key(), id],
            )?;
            if *collection == Collection::Run {
                transaction.execute("DELETE FROM run_logs WHERE run_id = ?1", params![id])?;
                transaction.execute("DELETE FROM run_log_chunks WHERE run_id = ?1", params![id])?;
            }
        }

        transaction.commit()?;
        Ok(deleted)
    }

    /// Appends process output to the run's log, creating the log on first use. Once the log
    /// contains `max_bytes`, the rest of the chunk and every later chunk are dropped, and `note`
    /// is stored once after the last byte kept. Each call is one transaction that writes
    /// only the new bytes, so appending is cheap however long the log grows.
    ///
    /// # Errors
    /// [`StoreError`] on a database failure.
    pub fn append_log(
        &self,
        run_id: &str,
        project: &str,
        chunk: &[u8],
        now: &str,
        max_bytes: usize,
        note: &[u8],
    ) -> Result<LogAppend, StoreError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction()?;
        let log_id = uuid::Uuid::new_v4().simple().to_string();
        transaction.execute(
            "INSERT OR IGNORE INTO run_logs (run_id, id, project, created, updated, content, size)
             VALUES (?1, ?2, ?3, ?4, ?4, X'', 0)",
            params![run_id, log_id, project, now],
        )?;
        let size: i64 = transaction.query_row(
            "SELECT size FROM run_logs WHERE run_id = ?1",
            params![run_id],
            |row| row.get(0),
        )?;
        let size = usize::try_from(size).unwrap_or(usize::MAX);

        let room = max_bytes.saturating_sub(size);
        if room == 0 {
            return Ok(LogAppend::Dropped);
        }
        let (kept, outcome) = if chunk.len() <= room {
            (chunk.to_vec(), LogAppend::Stored)
        } else {
            let mut kept = chunk[..room].to_vec();
            kept.extend_from_slice(note);
            (kept, LogAppend::Truncated)
        };
        let stored_size = if outcome == LogAppend::Truncated {
            max_bytes
        } else {
            size + kept.len()
        };

        transaction.execute(
            "INSERT INTO run_log_chunks (run_id, content) VALUES (?1, ?2)",
            params![run_id, kept],
        )?;
        transaction.execute(
            "UPDATE run_logs SET updated = ?2, size = ?3 WHERE run_id = ?1",
            params![run_id, now, i64::try_from(stored_size).unwrap_or(i64::MAX)],
        )?;
        transaction.commit()?;
        Ok(outcome)
    }

    /// Reads the run's log, if the run has written any.
    ///
    /// # Errors
    /// [`StoreError`] on a database failure.
    pub fn run_log(&self, run_id: &str) -> Result<Option<StoredLog>, StoreError> {
        let connection = self.lock()?;
        let log = connection
            .query_row(
                "SELECT id, run_id, project, created, updated, content FROM run_logs
                 WHERE run_id = ?1",
                params![run_id],
                |row| {
                    Ok(StoredLog {
                        id: row.get(0)?,
                        run_id: row.get(1)?,
                        project: row.get(2)?,
                        created: row.get(3)?,
                        updated: row.get(4)?,
                        content: row.get(5)?,
                    })
                },
            )
            .optional()?;
        let Some(mut log) = log else {
            return Ok(None);
        };

        let mut statement = connection
            .prepare("SELECT content FROM run_log_chunks WHERE run_id = ?1 ORDER BY seq")?;
        let chunks = statement.query_map(params![run_id], |row| row.get::<_, Vec<u8>>(0))?;
        for chunk in chunks {
            log.content.extend_from_slice(&chunk?);
        }
        Ok(Some(log))
    }
}

/// Adds the `size` column to a `run_logs` table written by a gateway that kept each log in
/// one growing blob, filled with the length of that blob.
fn add_log_size_column(connection: &Connection) -> Result<(), StoreError> {
    let mut statement = connection.prepare("SELECT name FROM pragma_table_info('run_logs')")?;
    let columns = statement.query_map([], |row| row.get::<_, String>(0))?;
    for column in columns {
        if column? == "size" {
            return Ok(());
        }
    }
    connection.execute_batch(
        "ALTER TABLE run_logs ADD COLUMN size INTEGER NOT NULL DEFAULT 0;
         UPDATE run_logs SET size = length(content);",
    )?;
    Ok(())
}

fn read_entity(
    connection: &Connection,
    collection: Collection,
    id: &str,
) -> Result<Option<Value>, StoreError> {
    let text: Option<String> = connection
        .query_row(
            "SELECT body FROM entities WHERE collection = ?1 AND id = ?2",
            params![collection.table_key(), id],
            |row| row.get(0),
        )
        .optional()?;

    match text {
        Some(text) => Ok(Some(serde_json::from_str(&text)?)),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn insert_rejects_taken_id() {
        let store = Store::in_memory().unwrap();
        assert!(store
            .insert(Collection::Run, "a", "p", &json!({"id": "a"}))
            .unwrap());
        assert!(!store
            .insert(Collection::Run, "a", "p", &json!({"id": "b"}))
            .unwrap());
        assert_eq!(
            store.get(Collection::Run, "a").unwrap(),
            Some(json!({"id": "a"}))
        );
    }

    #[test]
    fn failed_update_writes_nothing() {
        let store = Store::in_memory().unwrap();
        store
            .insert(Collection::Task, "t", "p", &json!({"n": 1}))
            .unwrap();
        let result: Result<Option<Value>, StoreError> =
            store.update(Collection::Task, "t", |body| {
                body["n"] = json!(2);
                Err(StoreError::Poisoned)
            });
        assert!(result.is_err());
        assert_eq!(
            store.get(Collection::Task, "t").unwrap(),
            Some(json!({"n": 1}))
        );
    }

    #[test]
    fn log_chunks_are_appended() {
        let store = Store::in_memory().unwrap();
        store.append_log("r", "p", b"one ", "t1", 100, b"").unwrap();
        store.append_log("r", "p", b"two", "t2", 100, b"").unwrap();
        let log = store.run_log("r").unwrap().unwrap();
        assert_eq!(log.content, b"one two");
        assert_eq!(log.created, "t1");
        assert_eq!(log.updated, "t2");
    }

    #[test]
    fn log_stops_at_limit() {
        let store = Store::in_memory().unwrap();
        let first = store
            .append_log("r", "p", b"abcd", "t1", 6, b"|cut")
            .unwrap();
        assert_eq!(first, LogAppend::Stored);
        let second = store
            .append_log("r", "p", b"efgh", "t2", 6, b"|cut")
            .unwrap();
        assert_eq!(second, LogAppend::Truncated);
        let third = store
            .append_log("r", "p", b"ijkl", "t3", 6, b"|cut")
            .unwrap();
        assert_eq!(third, LogAppend::Dropped);
        let log = store.run_log("r").unwrap().unwrap();
        assert_eq!(log.content, b"abcdef|cut");
    }

    #[test]
    fn old_log_table_gets_size() {
        let connection = Connection::open_in_memory().unwrap();
        connection
            .execute_batch(
                "CREATE TABLE run_logs (run_id TEXT PRIMARY KEY, id TEXT NOT NULL,
                 project TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL,
                 content BLOB NOT NULL);
                 INSERT INTO run_logs VALUES ('r', 'l', 'p', 't0', 't0', X'6F6C64');",
            )
            .unwrap();
        let store = Store::with_connection(connection).unwrap();
        store.append_log("r", "p", b" new", "t1", 5, b"!").unwrap();
        let log = store.run_log("r").unwrap().unwrap();
        assert_eq!(log.content, b"old n!");
        assert_eq!(log.id, "l");
    }

    #[test]
    fn deleting_run_drops_its_log() {
        let store = Store::in_memory().unwrap();
        store.insert(Collection::Run, "r", "p", &json!({})).unwrap();
        store.append_log("r", "p", b"x", "t", 100, b"").unwrap();
        let deleted = store
            .delete_many(&[(Collection::Run, "r".to_string())])
            .unwrap();
        assert_eq!(deleted, 1);
        assert!(store.run_log("r").unwrap().is_none());
    }
}
