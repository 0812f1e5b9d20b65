package client

import (
	"context"
	"net/http"
)

// Push templates (smart-message templates, 기능성 캠페인): reference §5.1, §5.7. The server
// assigns templateSetCode = <appName>-<code>; services send messages with it.

const pushTemplatesCollection = "/push-templates"

// PushTemplate is a push template as the catalog returns it. Absent optional fields decode to
// their zero value: LandingURL "" and ReviewComment "" mean "none".
type PushTemplate struct {
	Code              string `json:"code"`
	TemplateSetCode   string `json:"templateSetCode"`
	Name              string `json:"name"`
	Title             string `json:"title"`
	Body              string `json:"body"`
	LandingURL        string `json:"landingUrl,omitempty"`
	AgreementRequired bool   `json:"agreementRequired"`
	ReviewStatus      string `json:"reviewStatus"`
	ReviewComment     string `json:"reviewComment,omitempty"`
}

// PushTemplateInput is the writable part of a push template: the body of create and update.
// Code is required on create; on update it may be left empty (the path names the template) or
// must equal the stored code. An update replaces every field: an empty LandingURL clears it.
type PushTemplateInput struct {
	Code              string `json:"code,omitempty"`
	Name              string `json:"name"`
	Title             string `json:"title"`
	Body              string `json:"body"`
	LandingURL        string `json:"landingUrl,omitempty"`
	AgreementRequired bool   `json:"agreementRequired"`
}

// CreatePushTemplate registers a template; it enters IN_REVIEW. A code that already exists is an
// *APIError with ErrorCode CodeConflict.
func (c *Client) CreatePushTemplate(ctx context.Context, in PushTemplateInput) (*PushTemplate, error) {
	var out PushTemplate
	if err := catalogWrite(ctx, c, http.MethodPost, catalogPrefix+pushTemplatesCollection, in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// GetPushTemplate reads one template by templateSetCode. A missing one is an error for which
// IsNotFound is true.
func (c *Client) GetPushTemplate(ctx context.Context, templateSetCode string) (*PushTemplate, error) {
	var out PushTemplate
	if err := catalogRead(ctx, c, pushTemplatesCollection, templateSetCode, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdatePushTemplate replaces the writable fields; the template goes back into IN_REVIEW.
func (c *Client) UpdatePushTemplate(ctx context.Context, templateSetCode string, in PushTemplateInput) (*PushTemplate, error) {
	var out PushTemplate
	if err := catalogItemWrite(ctx, c, http.MethodPut, pushTemplatesCollection, templateSetCode, "", in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeletePushTemplate deletes a template; afterwards GetPushTemplate reports it not found.
func (c *Client) DeletePushTemplate(ctx context.Context, templateSetCode string) error {
	return catalogItemWrite(ctx, c, http.MethodDelete, pushTemplatesCollection, templateSetCode, "", nil, nil)
}

// ListPushTemplates reads every template of the mini-app, all pages.
func (c *Client) ListPushTemplates(ctx context.Context) ([]PushTemplate, error) {
	return listAll[PushTemplate](ctx, c, pushTemplatesCollection)
}
