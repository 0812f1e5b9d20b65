package emulator

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// routeSelector is one entry of FaultSpec.Routes: an optional method, then a route pattern's
// path ("/api-partner/…/push-templates/{templateSetCode}"), a request path, or a path prefix
// ending in "*". "POST /api-partner/v1/apps-in-toss/catalog/*" is every catalog POST.
type routeSelector struct {
	method string
	path   string
	prefix bool
}

// routeMethods are the methods the partner and catalog routes use; a selector may start with one.
var routeMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete}

func parseRouteSelector(entry string) routeSelector {
	sel := routeSelector{path: strings.TrimSpace(entry)}
	if method, rest, ok := strings.Cut(sel.path, " "); ok && slices.Contains(routeMethods, method) {
		sel.method, sel.path = method, strings.TrimSpace(rest)
	}
	if strings.HasSuffix(sel.path, "*") {
		sel.prefix, sel.path = true, strings.TrimSuffix(sel.path, "*")
	}
	return sel
}

// matches says whether a request that the mux routed to pattern is selected.
func (s routeSelector) matches(r *http.Request, pattern string) bool {
	patternMethod, patternPath, _ := strings.Cut(pattern, " ")
	if s.method != "" && s.method != patternMethod {
		return false
	}
	if s.prefix {
		return strings.HasPrefix(r.URL.Path, s.path)
	}
	return s.path == patternPath || s.path == r.URL.Path
}

// routeTable is what fault selectors are checked against: the mux, and the partner and catalog
// patterns registered on it (admin routes are never faulted, so they are not listed).
type routeTable struct {
	mux      *http.ServeMux
	patterns []string
}

// reachable says whether some partner or catalog request could be selected by s. A selector
// that can select nothing is refused rather than accepted and left idle, which would make a
// fault test pass without injecting anything.
func (rt routeTable) reachable(s routeSelector) bool {
	for _, pattern := range rt.patterns {
		method, patternPath, _ := strings.Cut(pattern, " ")
		if s.method != "" && s.method != method {
			continue
		}
		switch {
		case s.prefix && patternCanStartWith(patternPath, s.path):
			return true
		case !s.prefix && s.path == patternPath:
			return true
		case !s.prefix && rt.routesTo(method, s.path) == pattern:
			return true
		}
	}
	return false
}

// routesTo is the pattern the mux picks for a request path.
func (rt routeTable) routesTo(method, requestPath string) string {
	r := &http.Request{Method: method, URL: &url.URL{Path: requestPath}, Host: "emulator", Header: http.Header{}}
	_, pattern := rt.mux.Handler(r)
	return pattern
}

// patternCanStartWith says whether a request path that starts with prefix can match a pattern
// path whose segments are literals or {wildcards}: each whole segment of the prefix must fit its
// pattern segment, and the last, partial one must start it.
func patternCanStartWith(patternPath, prefix string) bool {
	if prefix == "" {
		return true
	}
	if !strings.HasPrefix(prefix, "/") {
		return false
	}
	pattern := strings.Split(strings.TrimPrefix(patternPath, "/"), "/")
	parts := strings.Split(strings.TrimPrefix(prefix, "/"), "/")
	if len(parts) > len(pattern) {
		return false
	}
	for i, part := range parts {
		last := i == len(parts)-1
		wildcard := strings.HasPrefix(pattern[i], "{")
		switch {
		case wildcard && !last && part == "":
			return false // a wildcard matches one non-empty segment
		case wildcard:
		case last && !strings.HasPrefix(pattern[i], part):
			return false
		case !last && pattern[i] != part:
			return false
		}
	}
	return true
}
