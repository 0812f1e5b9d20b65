package emulator

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
)

// The console's tools run the catalog contract's own handlers: one catalog, one set of rules
// (validation, reviews, caps, status transitions, reasons), whichever road an object comes by.
// A tool call becomes the *call a contract route would have built: the mini-app it names, the
// route's path values, and a JSON body made of the tool's remaining arguments.

// contract runs handler h for a tool call. body nil means no request body.
func (gw *consoleGateway) contract(tc *toolCall, h handlerFunc, pathValues map[string]string, query url.Values, body map[string]any) (any, error) {
	req, err := http.NewRequestWithContext(tc.ctx, http.MethodPost, gw.mcpURL, nil)
	if err != nil {
		return nil, err
	}
	for name, value := range pathValues {
		req.SetPathValue(name, value)
	}
	req.URL.RawQuery = query.Encode()
	var raw []byte
	if body != nil {
		if raw, err = json.Marshal(body); err != nil {
			return nil, err
		}
	}
	return h(&call{r: req, app: tc.app, body: raw, now: gw.e.cfg.Now()})
}

// targetArgs address the object rather than describe it: never part of a contract body.
var targetArgs = []string{"workspaceId", "miniAppId"}

// body is the tool's arguments without the addressing ones (targetArgs and those named).
func (tc *toolCall) body(addressing ...string) map[string]any {
	out := maps.Clone(tc.args)
	for _, name := range append(addressing, targetArgs...) {
		delete(out, name)
	}
	return out
}

// str is a string argument the inputSchema requires.
func (tc *toolCall) str(name string) string {
	s, _ := tc.args[name].(string)
	return s
}

// number is an integer argument the inputSchema requires, in its JSON spelling.
func (tc *toolCall) number(name string) string {
	n, _ := tc.args[name].(json.Number)
	return n.String()
}

// pageQuery carries a list tool's page and size as the contract's query parameters.
func (tc *toolCall) pageQuery() url.Values {
	q := url.Values{}
	for _, name := range []string{"page", "size"} {
		if n, ok := tc.args[name].(json.Number); ok {
			q.Set(name, n.String())
		}
	}
	return q
}

// viewAs takes a catalog handler's answer as the view type it returns.
func viewAs[T any](payload any, err error) (T, error) {
	var zero T
	if err != nil {
		return zero, err
	}
	v, ok := payload.(T)
	if !ok {
		return zero, fmt.Errorf("console: a catalog handler answered %T, want %T", payload, zero)
	}
	return v, nil
}

// mapPage converts every item of a catalog list page with f, keeping the paging.
func mapPage[T any](payload any, err error, f func(T) any) (any, error) {
	p, err := viewAs[page](payload, err)
	if err != nil {
		return nil, err
	}
	out := page{Contents: make([]any, 0, len(p.Contents)), TotalPage: p.TotalPage, CurrentPage: p.CurrentPage}
	for _, item := range p.Contents {
		v, ok := item.(T)
		if !ok {
			return nil, fmt.Errorf("console: a catalog list held %T", item)
		}
		out.Contents = append(out.Contents, f(v))
	}
	return out, nil
}
