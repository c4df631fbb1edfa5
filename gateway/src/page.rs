//! Spring Data pages: filtering, sorting and slicing of entity lists, serialised as Core's
//! `PageImpl` JSON.

use std::cmp::Ordering;

use chrono::{DateTime, FixedOffset};
use serde_json::{json, Value};

use crate::error::ApiError;
use crate::query::QueryParams;

/// Page size Core uses when the request gives none.
pub const DEFAULT_PAGE_SIZE: u64 = 25;

/// Largest page Spring Data serves; larger requests are cut to it.
const MAX_PAGE_SIZE: u64 = 2000;

/// Fields a list may be sorted by, and the entity type name Core names in its error.
const SORTABLE: [&str; 8] = [
    "id", "name", "kind", "project", "user", "created", "updated", "state",
];

/// Reads the field a sort key or filter refers to.
pub fn field_value<'a>(entity: &'a Value, field: &str) -> Option<&'a Value> {
    match field {
        "created" | "updated" => entity.pointer(&format!("/metadata/{field}")),
        "state" => entity.pointer("/status/state"),
        _ => entity.get(field),
    }
}

/// Keeps the entities whose `created`/`updated` falls in the window the parameter gives:
/// one ISO-8601 date-time (after it) or `start,end`.
///
/// # Errors
/// 400 when a bound is not an ISO-8601 date-time with offset.
pub fn filter_dates(entities: Vec<Value>, query: &QueryParams) -> Result<Vec<Value>, ApiError> {
    let mut kept = entities;
    for field in ["created", "updated"] {
        let Some(range) = query.get(field) else {
            continue;
        };
        let (start, end) = match range.split_once(',') {
            Some((start, end)) => (parse_time(start)?, Some(parse_time(end)?)),
            None => (parse_time(range)?, None),
        };
        kept.retain(|entity| {
            let Some(time) = field_value(entity, field)
                .and_then(Value::as_str)
                .and_then(|text| DateTime::parse_from_rfc3339(text).ok())
            else {
                return false;
            };
            time >= start && end.is_none_or(|end| time <= end)
        });
    }
    Ok(kept)
}

fn parse_time(text: &str) -> Result<DateTime<FixedOffset>, ApiError> {
    DateTime::parse_from_rfc3339(text.trim()).map_err(|_| {
        ApiError::bad_request(format!(
            "invalid date {text:?}: expected an ISO-8601 date-time with offset, \
             such as 2025-01-31T10:00:00Z"
        ))
    })
}

/// Sorts and slices `entities` into one page, reading `page`, `size` and `sort` from the
/// query. `type_name` is the entity name Core uses in errors about unknown sort fields.
///
/// # Errors
/// 400 for a sort on an unknown field. A page or size that is not a number gets the
/// default, as in Spring Data.
pub fn into_page(
    mut entities: Vec<Value>,
    query: &QueryParams,
    type_name: &str,
) -> Result<Value, ApiError> {
    let number = query.number("page").unwrap_or(0);
    let size = match query.number("size") {
        Some(0) | None => DEFAULT_PAGE_SIZE,
        Some(size) => size.min(MAX_PAGE_SIZE),
    };

    let mut orders = Vec::new();
    for item in query.all("sort") {
        let mut parts = item.split(',').map(str::trim);
        let field = parts.next().unwrap_or_default().to_string();
        let descending = parts
            .next()
            .is_some_and(|dir| dir.eq_ignore_ascii_case("desc"));
        if !SORTABLE.contains(&field.as_str()) {
            return Err(ApiError::bad_request(format!(
                "No property '{field}' found for type '{type_name}'"
            )));
        }
        orders.push((field, descending));
    }
    if orders.is_empty() {
        orders.push(("created".to_string(), true));
    }

    entities.sort_by(|left, right| {
        for (field, descending) in &orders {
            let ordering = compare(field_value(left, field), field_value(right, field));
            let ordering = if *descending {
                ordering.reverse()
            } else {
                ordering
            };
            if ordering != Ordering::Equal {
                return ordering;
            }
        }
        Ordering::Equal
    });

    let total = entities.len() as u64;
    let offset = number.saturating_mul(size);
    let content: Vec<Value> = entities
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(size).unwrap_or(usize::MAX))
        .collect();
    let total_pages = total.div_ceil(size);
    let count = content.len();
    let sort = json!({ "sorted": true, "unsorted": false, "empty": false });

    Ok(json!({
        "content": content,
        "pageable": {
            "pageNumber": number,
            "pageSize": size,
            "sort": sort,
            "offset": offset,
            "paged": true,
            "unpaged": false,
        },
        "totalElements": total,
        "totalPages": total_pages,
        "last": number + 1 >= total_pages,
        "size": size,
        "number": number,
        "sort": sort,
        "numberOfElements": count,
        "first": number == 0,
        "empty": count == 0,
    }))
}

fn compare(left: Option<&Value>, right: Option<&Value>) -> Ordering {
    match (left, right) {
        (Some(Value::Number(left)), Some(Value::Number(right))) => left
            .as_f64()
            .partial_cmp(&right.as_f64())
            .unwrap_or(Ordering::Equal),
        (Some(Value::String(left)), Some(Value::String(right))) => left.cmp(right),
        (Some(_), None) => Ordering::Greater,
        (None, Some(_)) => Ordering::Less,
        _ => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(name: &str, created: &str) -> Value {
        json!({ "name": name, "metadata": { "created": created } })
    }

    fn query(text: &str) -> QueryParams {
        QueryParams::parse(Some(text)).unwrap()
    }

    #[test]
    fn default_sort_is_newest_first() {
        let items = vec![
            entity("old", "2025-01-01T00:00:00.000Z"),
            entity("new", "2025-02-01T00:00:00.000Z"),
        ];
        let page = into_page(items, &query(""), "RunEntity").unwrap();
        assert_eq!(page["content"][0]["name"], "new");
        assert_eq!(page["size"], 25);
        assert_eq!(page["totalPages"], 1);
    }

    #[test]
    fn second_page_is_sliced() {
        let items = (0..5)
            .map(|i| {
                entity(
                    &format!("n{i}"),
                    &format!("2025-01-0{}T00:00:00.000Z", i + 1),
                )
            })
            .collect();
        let page = into_page(items, &query("page=1&size=2&sort=name,asc"), "RunEntity").unwrap();
        assert_eq!(page["content"][0]["name"], "n2");
        assert_eq!(page["numberOfElements"], 2);
        assert_eq!(page["totalElements"], 5);
        assert_eq!(page["totalPages"], 3);
        assert_eq!(page["first"], false);
        assert_eq!(page["last"], false);
        assert_eq!(page["pageable"]["offset"], 2);
    }

    #[test]
    fn unknown_sort_field_is_rejected() {
        let error = into_page(vec![], &query("sort=colour,asc"), "RunEntity").unwrap_err();
        assert_eq!(
            error.message,
            "No property 'colour' found for type 'RunEntity'"
        );
    }

    #[test]
    fn empty_page_is_last_and_empty() {
        let page = into_page(vec![], &query(""), "RunEntity").unwrap();
        assert_eq!(page["empty"], true);
        assert_eq!(page["last"], true);
        assert_eq!(page["totalPages"], 0);
    }

    #[test]
    fn created_after_filter() {
        let items = vec![
            entity("old", "2025-01-01T00:00:00.000Z"),
            entity("new", "2025-02-01T00:00:00.000Z"),
        ];
        let kept = filter_dates(items, &query("created=2025-01-15T00:00:00Z")).unwrap();
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0]["name"], "new");
    }
}
