package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// The catalog contract (design.md "The catalog contract"; api/openapi.yaml, tags catalog-*): the
// project's own management surface for push templates, promotions and IAP products, on the
// partner host, behind the same mTLS and envelope as the partner API. Every entity carries a
// review state; a create or a PUT puts it (back) into IN_REVIEW.

// catalogPrefix is where every catalog collection lives.
const catalogPrefix = "/api-partner/v1/apps-in-toss/catalog"

// Review states shared by the three catalog collections.
const (
	ReviewInReview = "IN_REVIEW"
	ReviewApproved = "APPROVED"
	ReviewRejected = "REJECTED"
)

// catalogPageSize is the page size List asks for: the contract's maximum, so that a whole
// catalog (at most 30 products, a handful of templates and promotions) is one request.
const catalogPageSize = 100

// maxCatalogPages bounds List against a server that keeps reporting more pages than it has.
const maxCatalogPages = 1000

// catalogPage is one page of a catalog list: {contents, totalPage, currentPage}.
type catalogPage[T any] struct {
	Contents    []T `json:"contents"`
	TotalPage   int `json:"totalPage"`
	CurrentPage int `json:"currentPage"`
}

// listAll reads every page of a catalog collection, in the server's order.
func listAll[T any](ctx context.Context, c *Client, collection string) ([]T, error) {
	all := make([]T, 0)
	for page := 0; page < maxCatalogPages; page++ {
		var p catalogPage[T]
		err := c.Do(ctx, Call{
			Host:   PartnerAPI,
			Method: http.MethodGet,
			Path:   catalogPrefix + collection,
			Query:  url.Values{"page": {strconv.Itoa(page)}, "size": {strconv.Itoa(catalogPageSize)}},
			Safety: Read,
		}, &p)
		if err != nil {
			return nil, err
		}
		all = append(all, p.Contents...)
		if len(p.Contents) == 0 || page+1 >= p.TotalPage {
			return all, nil
		}
	}
	return nil, fmt.Errorf("GET %s%s: the server reported more than %d pages of %d", catalogPrefix, collection,
		maxCatalogPages, catalogPageSize)
}

// catalogItemPath is the path of one entity. Call.Path is an unescaped path (the pipeline
// escapes it), so an id must be exactly one path segment: no "/" and not "." or "..". Server
// ids never are; an import id typed by hand might be, and is refused before any request.
func catalogItemPath(collection, id string) (string, error) {
	if id == "" || id == "." || id == ".." || strings.ContainsAny(id, "/?#") {
		return "", &InvalidIDError{Collection: strings.TrimPrefix(collection, "/"), ID: id}
	}
	return catalogPrefix + collection + "/" + id, nil
}

// InvalidIDError is an entity id that cannot name a catalog entity (empty, or not one path
// segment). No request was sent.
type InvalidIDError struct {
	Collection string
	ID         string
}

func (e *InvalidIDError) Error() string {
	return fmt.Sprintf("%q is not a valid %s id: it must be a single non-empty path segment (no \"/\", \"?\" or \"#\")",
		e.ID, e.Collection)
}

// catalogRead GETs one entity.
func catalogRead(ctx context.Context, c *Client, collection, id string, out any) error {
	path, err := catalogItemPath(collection, id)
	if err != nil {
		return err
	}
	return c.Do(ctx, Call{Host: PartnerAPI, Method: http.MethodGet, Path: path, Safety: Read}, out)
}

// catalogItemWrite sends a mutation to one entity (suffix: "" or a sub-path such as "/status").
func catalogItemWrite(ctx context.Context, c *Client, method, collection, id, suffix string, body, out any) error {
	path, err := catalogItemPath(collection, id)
	if err != nil {
		return err
	}
	return catalogWrite(ctx, c, method, path+suffix, body, out)
}

// catalogWrite sends a mutation with an Idempotency-Key that every retry of it reuses, so a
// retried create never makes two entities.
func catalogWrite(ctx context.Context, c *Client, method, path string, body, out any) error {
	return c.Do(ctx, Call{Host: PartnerAPI, Method: method, Path: path, Body: body, Safety: IdempotentWrite}, out)
}
