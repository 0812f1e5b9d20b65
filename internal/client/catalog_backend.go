package client

import (
	"context"
	"fmt"
)

// Catalog is the management surface of push templates, promotions and IAP products, whichever
// road serves it: the catalog contract over mTLS (*Client, design.md "The catalog contract") or
// the official console gateway (internal/console, design.md "The console backend"). Resources and
// lookups hold a Catalog and never know which road they are on: the schemas and the state are the
// same either way.
//
// Errors: a missing object is an error for which IsNotFound is true on both roads; a refused
// change is an error that HasCode / the diagnostics helpers can quote.
type Catalog interface {
	CreatePushTemplate(ctx context.Context, in PushTemplateInput) (*PushTemplate, error)
	GetPushTemplate(ctx context.Context, templateSetCode string) (*PushTemplate, error)
	UpdatePushTemplate(ctx context.Context, templateSetCode string, in PushTemplateInput) (*PushTemplate, error)
	// DeletePushTemplate deletes a template. A road that cannot delete templates (the console has
	// no such tool) returns a *NotDeletableError and changes nothing.
	DeletePushTemplate(ctx context.Context, templateSetCode string) error
	ListPushTemplates(ctx context.Context) ([]PushTemplate, error)

	CreatePromotion(ctx context.Context, in PromotionInput) (*Promotion, error)
	GetPromotion(ctx context.Context, promotionCode string) (*Promotion, error)
	UpdatePromotion(ctx context.Context, promotionCode string, in PromotionInput) (*Promotion, error)
	// EndPromotion ends a promotion for good (status ENDED): no road can delete one.
	EndPromotion(ctx context.Context, promotionCode string) (*Promotion, error)
	SetPromotionStatus(ctx context.Context, promotionCode, status string) (*Promotion, error)
	ListPromotions(ctx context.Context) ([]Promotion, error)

	CreateIAPProduct(ctx context.Context, in IAPProductInput) (*IAPProduct, error)
	GetIAPProduct(ctx context.Context, productID string) (*IAPProduct, error)
	UpdateIAPProduct(ctx context.Context, productID string, in IAPProductInput) (*IAPProduct, error)
	// DeactivateIAPProduct makes a product INACTIVE: no road can delete one.
	DeactivateIAPProduct(ctx context.Context, productID string) (*IAPProduct, error)
	SetIAPProductStatus(ctx context.Context, productID, status string) (*IAPProduct, error)
	ListIAPProducts(ctx context.Context) ([]IAPProduct, error)
}

var _ Catalog = (*Client)(nil)

// NotDeletableError says that the road serving the catalog has no way to delete this kind of
// object; nothing was changed. The push template resource turns it into a warning and forgets
// the template, which stays in the console.
type NotDeletableError struct {
	Kind string // e.g. "push template"
	ID   string
	Road string // e.g. "the Apps in Toss console gateway"
}

func (e *NotDeletableError) Error() string {
	return fmt.Sprintf("%s cannot delete a %s (%s): it has no delete operation", e.Road, e.Kind, e.ID)
}

// freshReadKey marks a context whose catalog reads must go to the server, not to a list snapshot.
type freshReadKey struct{}

// WithFreshReads returns a context in which every catalog read asks the server. A road that
// batches reads into per-type list snapshots (the console gateway does, so that a refresh of N
// objects costs a few list calls instead of N) serves other reads from the snapshot; polling a
// review must not, or it would never see the decision.
func WithFreshReads(ctx context.Context) context.Context {
	return context.WithValue(ctx, freshReadKey{}, true)
}

// WantsFreshReads reports whether ctx came from WithFreshReads.
func WantsFreshReads(ctx context.Context) bool {
	fresh, _ := ctx.Value(freshReadKey{}).(bool)
	return fresh
}
