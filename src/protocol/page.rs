//! Spring Data pages, as Core returns every listing, and the loop that reads all of them.

use serde_json::Value;

use super::error::ClientError;

/// One page of a listing.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The entities on this page.
    pub content: Vec<Value>,
    /// `totalPages`, when the server sent it.
    pub total_pages: Option<u64>,
    /// `number`, the 0-based index of this page, when the server sent it.
    pub number: Option<u64>,
}

impl Page {
    /// Reads a Spring `Page` object.
    ///
    /// # Errors
    /// [`ClientError::InvalidResponse`] when the body is not an object with a `content` array.
    pub fn parse(body: &Value) -> Result<Page, ClientError> {
        let content = body
            .get("content")
            .and_then(Value::as_array)
            .cloned()
            .ok_or_else(|| ClientError::InvalidResponse {
                status: 200,
                message: "a listing did not return a page object with a `content` array".into(),
            })?;
        Ok(Page {
            content,
            total_pages: body.get("totalPages").and_then(Value::as_u64),
            number: body.get("number").and_then(Value::as_u64),
        })
    }
}

/// The maximum number of pages one listing reads; a server that never reports the last page stops here.
pub const MAX_PAGES: u32 = 1000;

/// Reads every page of a listing, as the python SDK does: page 0, 1, … until a page is empty or
/// its number reaches `totalPages - 1`.
#[derive(Debug, Clone, Default)]
pub struct Pagination {
    next: Option<u32>,
    items: Vec<Value>,
}

impl Pagination {
    /// Starts at page 0.
    pub fn new() -> Pagination {
        Pagination {
            next: Some(0),
            items: Vec::new(),
        }
    }

    /// Returns the page to request next, or `None` when the listing is complete.
    pub fn next_page(&self) -> Option<u32> {
        self.next
    }

    /// Adds the page that was requested as [`Pagination::next_page`] and decides whether another
    /// page follows.
    ///
    /// # Errors
    /// [`ClientError::InvalidResponse`] after [`MAX_PAGES`] pages.
    pub fn add(&mut self, page: Page) -> Result<(), ClientError> {
        let Some(requested) = self.next else {
            return Ok(());
        };
        let number = page.number.unwrap_or(u64::from(requested));
        let last = match page.total_pages {
            Some(total) => number + 1 >= total,
            None => false,
        };
        let empty = page.content.is_empty();
        self.items.extend(page.content);
        if empty || last {
            self.next = None;
            return Ok(());
        }
        let following = requested + 1;
        if following >= MAX_PAGES {
            return Err(ClientError::InvalidResponse {
                status: 200,
                message: format!(
                    "the listing did not end after {MAX_PAGES} pages; narrow it with filters"
                ),
            });
        }
        self.next = Some(following);
        Ok(())
    }

    /// Returns every entity read so far, in page order.
    pub fn into_items(self) -> Vec<Value> {
        self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn page(content: &[i64], number: Option<u64>, total: Option<u64>) -> Page {
        let mut body = json!({ "content": content });
        if let Some(number) = number {
            body["number"] = json!(number);
        }
        if let Some(total) = total {
            body["totalPages"] = json!(total);
        }
        Page::parse(&body).unwrap()
    }

    /// Feeds pages until the pagination stops; returns the requested page numbers and items.
    fn drive(pages: Vec<Page>) -> (Vec<u32>, Vec<Value>) {
        let mut pagination = Pagination::new();
        let mut requested = Vec::new();
        let mut pages = pages.into_iter();
        while let Some(number) = pagination.next_page() {
            requested.push(number);
            let Some(page) = pages.next() else {
                panic!("pagination asked for page {number} past the script");
            };
            pagination.add(page).unwrap();
        }
        (requested, pagination.into_items())
    }

    #[test]
    fn pagination_table() {
        let cases: Vec<(&str, Vec<Page>, Vec<u32>, usize)> = vec![
            (
                "single page",
                vec![page(&[1, 2], Some(0), Some(1))],
                vec![0],
                2,
            ),
            (
                "empty listing",
                vec![page(&[], Some(0), Some(0))],
                vec![0],
                0,
            ),
            (
                "three pages",
                vec![
                    page(&[1, 2], Some(0), Some(3)),
                    page(&[3, 4], Some(1), Some(3)),
                    page(&[5], Some(2), Some(3)),
                ],
                vec![0, 1, 2],
                5,
            ),
            (
                "no totals, ends on empty page",
                vec![
                    page(&[1], None, None),
                    page(&[2], None, None),
                    page(&[], None, None),
                ],
                vec![0, 1, 2],
                2,
            ),
            (
                "empty page before totalPages",
                vec![page(&[1], Some(0), Some(5)), page(&[], Some(1), Some(5))],
                vec![0, 1],
                1,
            ),
        ];
        for (name, pages, expected_requests, expected_items) in cases {
            let (requested, items) = drive(pages);
            assert_eq!(requested, expected_requests, "case {name}");
            assert_eq!(items.len(), expected_items, "case {name}");
        }
    }

    #[test]
    fn items_keep_page_order() {
        let (_, items) = drive(vec![
            page(&[1, 2], Some(0), Some(2)),
            page(&[3], Some(1), Some(2)),
        ]);
        assert_eq!(items, vec![json!(1), json!(2), json!(3)]);
    }

    #[test]
    fn endless_listing_stops() {
        let mut pagination = Pagination::new();
        let mut result = Ok(());
        while pagination.next_page().is_some() && result.is_ok() {
            result = pagination.add(page(&[1], None, None));
        }
        assert!(matches!(result, Err(ClientError::InvalidResponse { .. })));
    }

    #[test]
    fn page_without_content_is_rejected() {
        for body in [json!([]), json!({ "items": [] }), json!({ "content": {} })] {
            assert!(Page::parse(&body).is_err(), "body {body}");
        }
    }
}
