package console

import (
	"context"
	"errors"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

// Push templates through the console. There is no push_template_get: every read is a list read,
// and there is no delete tool.

const kindPushTemplate = "push template"

func templateSetCodeOf(t client.PushTemplate) string { return t.TemplateSetCode }

func (c *Catalog) fetchTemplates(ctx context.Context) ([]client.PushTemplate, error) {
	return listAll[client.PushTemplate](ctx, c, toolPushTemplateList)
}

// templateList is the snapshot, or a new list for a reader that wants fresh reads.
func (c *Catalog) templateList(ctx context.Context) ([]client.PushTemplate, error) {
	if client.WantsFreshReads(ctx) {
		return c.templates.refresh(ctx, c.fetchTemplates)
	}
	return c.templates.get(ctx, c.fetchTemplates)
}

// ListPushTemplates returns every template of the mini-app.
func (c *Catalog) ListPushTemplates(ctx context.Context) ([]client.PushTemplate, error) {
	items, err := c.templateList(ctx)
	if err != nil {
		return nil, err
	}
	return copyList(items), nil
}

// GetPushTemplate finds a template in the list; one that is not listed is a *NotFoundError.
func (c *Catalog) GetPushTemplate(ctx context.Context, templateSetCode string) (*client.PushTemplate, error) {
	items, err := c.templateList(ctx)
	if err != nil {
		return nil, err
	}
	return find(items, templateSetCode, templateSetCodeOf, kindPushTemplate, toolPushTemplateList)
}

// CreatePushTemplate registers a template. A create whose answer was lost is never sent again:
// the template is looked for by its code in a fresh list (reconcile.go).
func (c *Catalog) CreatePushTemplate(ctx context.Context, in client.PushTemplateInput) (*client.PushTemplate, error) {
	values, err := inputValues(in)
	if err != nil {
		return nil, err
	}
	defer c.templates.invalidate()
	var out client.PushTemplate
	err = c.callInto(ctx, toolPushTemplateCreate, values, &out)
	var lost *LostAnswerError
	if errors.As(err, &lost) {
		return c.reconcileTemplate(ctx, in, lost)
	}
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdatePushTemplate replaces the template's writable fields.
func (c *Catalog) UpdatePushTemplate(ctx context.Context, templateSetCode string, in client.PushTemplateInput) (*client.PushTemplate, error) {
	values, err := inputValues(in)
	if err != nil {
		return nil, err
	}
	values.id = templateSetCode
	defer c.templates.invalidate()
	var out client.PushTemplate
	if err := c.mutation(ctx, toolPushTemplateUpdate, values, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeletePushTemplate sends nothing: the console has no tool that deletes a template. The
// resource forgets the template with a warning that it stays in the console.
func (c *Catalog) DeletePushTemplate(_ context.Context, templateSetCode string) error {
	return &client.NotDeletableError{Kind: kindPushTemplate, ID: templateSetCode, Road: Road}
}

// inputValues is a client.*Input as the values its arguments are drawn from.
func inputValues(in any) (callValues, error) {
	m, err := contractJSON(in)
	if err != nil {
		return callValues{}, err
	}
	return callValues{input: m}, nil
}
