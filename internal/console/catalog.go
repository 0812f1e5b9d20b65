package console

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

// ToolCaller calls one tool on the gateway and returns its JSON answer. The catalog is written
// against it; Session (session.go) implements it on the MCP SDK (pacing, per-call timeout, retries
// of reads and idempotent calls) and passes each result through DecodeCallResult.
//
// Errors it returns:
//   - *ToolError when the gateway refused the call (DecodeCallResult makes these);
//   - *LostAnswerError when the call was sent and no answer came back, so the effect is unknown
//     (a create is never resent by the caller; the catalog reconciles it by reading);
//   - anything else for a call that was not sent or failed otherwise.
type ToolCaller interface {
	CallTool(ctx context.Context, name string, args map[string]any) (json.RawMessage, error)
}

// Catalog is client.Catalog over the console gateway. Every call is built from the mapping and
// the checked Toolset, for one mini-app (Identity). Reads are served from per-type list
// snapshots; see snapshot.go.
type Catalog struct {
	caller ToolCaller
	tools  *Toolset
	id     Identity

	templates  snapshot[client.PushTemplate]
	promotions snapshot[client.Promotion]
	products   snapshot[client.IAPProduct]

	// The ids known to exist before each create, to tell a lost create's object from the others.
	knownPromotions knownIDs
	knownProducts   knownIDs
}

var _ client.Catalog = (*Catalog)(nil)

// NewCatalog returns the catalog of the mini-app id, reached through caller with the tools that
// CheckTools accepted.
func NewCatalog(caller ToolCaller, tools *Toolset, id Identity) *Catalog {
	return &Catalog{caller: caller, tools: tools, id: id}
}

// call sends one tool call built from the mapping and returns its answer object.
func (c *Catalog) call(ctx context.Context, tool string, v callValues) (map[string]any, error) {
	return callTool(ctx, c.caller, c.tools, tool, c.withIdentity(v))
}

func (c *Catalog) withIdentity(v callValues) callValues {
	v.identity = c.id
	return v
}

// callTool is the one road every call takes: arguments from the mapping, the call, the answer.
func callTool(ctx context.Context, caller ToolCaller, tools *Toolset, name string, v callValues) (map[string]any, error) {
	tool, err := tools.tool(name)
	if err != nil {
		return nil, err
	}
	args, err := tool.arguments(v)
	if err != nil {
		return nil, err
	}
	raw, err := caller.CallTool(ctx, name, args)
	if err != nil {
		return nil, err
	}
	return parseAnswer(name, raw)
}

// callInto sends a call whose answer is one object and decodes it into out.
func (c *Catalog) callInto(ctx context.Context, tool string, v callValues, out any) error {
	obj, err := c.call(ctx, tool, v)
	if err != nil {
		return err
	}
	return decodeInto(tool, toolMappings[tool].answer.fields, obj, out)
}

// mutation sends a change that is not a create: an update or a status change. The caller may
// have retried it (replacing every field, or setting a status, twice does what once does); if
// the answer was still lost, the outcome is unknown and said so in the client's terms.
func (c *Catalog) mutation(ctx context.Context, tool string, v callValues, out any) error {
	err := c.callInto(ctx, tool, v, out)
	var lost *LostAnswerError
	if errors.As(err, &lost) {
		return outcomeUnknown(lost, err)
	}
	return err
}

// maxListPages bounds listing against a gateway that keeps reporting more pages than it has.
const maxListPages = 1000

// listPageSize is the page size lists ask for: the contract's maximum, unless the tool's schema
// declares a smaller one.
const listPageSize = 100

// listAll reads every page of a list tool.
func listAll[T any](ctx context.Context, c *Catalog, tool string) ([]T, error) {
	bound, err := c.tools.tool(tool)
	if err != nil {
		return nil, err
	}
	shape := toolMappings[tool].answer
	size := bound.pageSize()
	all := make([]T, 0)
	for page := int64(0); page < maxListPages; page++ {
		obj, err := c.call(ctx, tool, callValues{call: map[string]any{"page": page, "size": size}})
		if err != nil {
			return nil, err
		}
		elements, pages, err := listElements(tool, shape, obj)
		if err != nil {
			return nil, err
		}
		items, err := decodeList[T](tool, shape.fields, elements)
		if err != nil {
			return nil, err
		}
		all = append(all, items...)
		if len(elements) == 0 || page+1 >= pages {
			return all, nil
		}
		if !bound.accepts("page") {
			return nil, &UnexpectedAnswerError{Tool: tool, Field: pageTotalPath, Problem: fmt.Sprintf(
				"the list has %d pages, but the tool takes no page argument, so only the first can be read", pages)}
		}
	}
	return nil, &UnexpectedAnswerError{Tool: tool, Field: pageTotalPath,
		Problem: fmt.Sprintf("the gateway reported more than %d pages of %d", maxListPages, size)}
}

// accepts reports whether the tool has a property for our field.
func (t *boundTool) accepts(field string) bool {
	for _, a := range t.args {
		if a.field == field {
			return a.property != ""
		}
	}
	return false
}

// pageSize is listPageSize, or the size property's declared maximum when that is smaller.
func (t *boundTool) pageSize() int64 {
	for _, a := range t.args {
		if a.field == "size" && a.schema != nil && a.schema.Maximum != nil && *a.schema.Maximum >= 1 &&
			*a.schema.Maximum < listPageSize {
			return int64(*a.schema.Maximum)
		}
	}
	return listPageSize
}

// find returns a copy of the object of a list whose id is id, or a *NotFoundError.
func find[T any](items []T, id string, idOf func(T) string, kind, tool string) (*T, error) {
	for _, item := range items {
		if idOf(item) == id {
			found := item
			return &found, nil
		}
	}
	return nil, &NotFoundError{Kind: kind, ID: id, Tool: tool}
}

// copyList returns a list the caller may change without touching a shared snapshot.
func copyList[T any](items []T) []T {
	out := make([]T, len(items))
	copy(out, items)
	return out
}
