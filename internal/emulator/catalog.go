package emulator

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// List paging of the catalog contract: page is 0-based, size defaults to 20 and is at most 100.
const (
	defaultPageSize = 20
	maxPageSize     = 100
)

// page is the list answer {contents,totalPage,currentPage}.
type page struct {
	Contents    []any `json:"contents"`
	TotalPage   int   `json:"totalPage"`
	CurrentPage int   `json:"currentPage"`
}

// listPage sorts entities by creation and cuts the requested page. totalPage is 0 for an empty
// collection; a page past the end has empty contents.
func listPage[T any](c *call, items []T, seq func(T) int64, view func(T) any) (any, error) {
	pageNo, err := queryInt(c, "page", 0, 0, 1<<30)
	if err != nil {
		return nil, err
	}
	size, err := queryInt(c, "size", defaultPageSize, 1, maxPageSize)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(items, func(x, y T) int { return cmp.Compare(seq(x), seq(y)) })
	out := page{Contents: []any{}, TotalPage: (len(items) + size - 1) / size, CurrentPage: pageNo}
	for i := pageNo * size; i < len(items) && i < (pageNo+1)*size; i++ {
		out.Contents = append(out.Contents, view(items[i]))
	}
	return out, nil
}

func queryInt(c *call, name string, def, lo, hi int) (int, error) {
	raw := c.r.URL.Query().Get(name)
	if raw == "" {
		return def, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < lo || n > hi {
		return 0, invalidParameter(name, fmt.Sprintf("%s 값은 %d 이상 %d 이하의 정수여야 해요.", name, lo, hi))
	}
	return n, nil
}

// landingURLPrefix: landing URLs open inside Toss (reference §5.1, §6.1). The app name inside the
// URL is not enforced.
const landingURLPrefix = "intoss://"

func checkLandingURL(field, url string) error {
	if !strings.HasPrefix(url, landingURLPrefix) || len(url) == len(landingURLPrefix) {
		return invalidParameter(field, field+" 값은 intoss:// 로 시작해야 해요.")
	}
	return nil
}

// requiredText checks a required string field: present, not blank, at most maxRunes characters
// (0 = no limit). Limits count characters, not bytes, as the console does.
func requiredText(field string, v *string, maxRunes int) error {
	if v == nil || strings.TrimSpace(*v) == "" {
		return invalidParameter(field, field+" 값이 필요해요.")
	}
	if maxRunes > 0 && utf8.RuneCountInString(*v) > maxRunes {
		return invalidParameter(field, fmt.Sprintf("%s 값은 %d자 이내로 써 주세요.", field, maxRunes))
	}
	return nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
