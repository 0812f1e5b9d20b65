package client

import (
	"context"
	"fmt"
	"net/http"
)

// In-app purchase products: reference §4.2. The server assigns productId and sku. The console
// cannot delete a product: DELETE deactivates it (catalogStatus INACTIVE, still listed).

const iapProductsCollection = "/iap-products"

// Product types.
const (
	IAPConsumable    = "CONSUMABLE"
	IAPNonConsumable = "NON_CONSUMABLE"
	IAPSubscription  = "SUBSCRIPTION"
)

// Catalog states of a product, and the two a product can be switched between.
const (
	CatalogNotRegisteredYet = "NOT_REGISTERED_YET" // never approved
	CatalogActive           = "ACTIVE"             // shown to users
	CatalogInactive         = "INACTIVE"           // hidden (also what DELETE leaves)
)

// Discount policy types (subscriptions only).
const (
	DiscountFreeTrial       = "FREE_TRIAL"       // carries Period
	DiscountNewSubscription = "NEW_SUBSCRIPTION" // carries DurationMonths and DiscountedPrice
	DiscountReturning       = "RETURNING"        // carries DurationMonths and DiscountedPrice
)

// IAPProduct is a product as the catalog returns it.
type IAPProduct struct {
	ProductID   string `json:"productId"`
	SKU         string `json:"sku,omitempty"`
	Type        string `json:"type"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Price is the net (supply) price in KRW, VAT excluded.
	Price int64 `json:"price"`
	// GrossPrice is the sale price the server computed (price + 10% VAT). Nil when the server
	// did not send it; GrossPriceOrComputed fills it in.
	GrossPrice           *int64           `json:"grossPrice,omitempty"`
	IconImgURL           string           `json:"iconImgUrl,omitempty"`
	MinDeploymentID      string           `json:"minDeploymentId,omitempty"`
	PostInspectionStatus string           `json:"postInspectionStatus,omitempty"`
	RenewalCycle         string           `json:"renewalCycle,omitempty"`
	DiscountPolicies     []DiscountPolicy `json:"discountPolicies,omitempty"`
	CatalogStatus        string           `json:"catalogStatus"`
	ReviewStatus         string           `json:"reviewStatus"`
	ReviewComment        string           `json:"reviewComment,omitempty"`
}

// GrossPriceOrComputed is the server's grossPrice, or — when a server leaves it out — the
// console's rule, price + 10% VAT (exact: prices are multiples of 10).
func (p *IAPProduct) GrossPriceOrComputed() int64 {
	if p.GrossPrice != nil {
		return *p.GrossPrice
	}
	return GrossPrice(p.Price)
}

// GrossPrice is the console's sale price for a net price: price + 10% VAT.
func GrossPrice(netPrice int64) int64 { return netPrice + netPrice/10 }

// DiscountPolicy is one subscription offer. FREE_TRIAL carries Period; NEW_SUBSCRIPTION and
// RETURNING carry DurationMonths and DiscountedPrice (net KRW, below the product's price).
type DiscountPolicy struct {
	Type            string `json:"type"`
	Period          string `json:"period,omitempty"`
	DurationMonths  *int64 `json:"durationMonths,omitempty"`
	DiscountedPrice *int64 `json:"discountedPrice,omitempty"`
}

// IAPProductInput is the writable part of a product: the body of create and update. An update
// replaces every field (an empty optional field is cleared); Type may be sent on update but must
// equal the stored type. PostInspectionStatus is the catalog state the product takes on its first
// approval (the server's default when it is empty is ACTIVE).
type IAPProductInput struct {
	Type                 string           `json:"type,omitempty"`
	Name                 string           `json:"name"`
	Description          string           `json:"description,omitempty"`
	Price                int64            `json:"price"`
	IconImgURL           string           `json:"iconImgUrl,omitempty"`
	MinDeploymentID      string           `json:"minDeploymentId,omitempty"`
	PostInspectionStatus string           `json:"postInspectionStatus,omitempty"`
	RenewalCycle         string           `json:"renewalCycle,omitempty"`
	DiscountPolicies     []DiscountPolicy `json:"discountPolicies,omitempty"`
}

// CreateIAPProduct registers a product and submits it for review (catalogStatus
// NOT_REGISTERED_YET). Beyond the per-app cap the server answers CodeConflict.
func (c *Client) CreateIAPProduct(ctx context.Context, in IAPProductInput) (*IAPProduct, error) {
	var out IAPProduct
	if err := catalogWrite(ctx, c, http.MethodPost, catalogPrefix+iapProductsCollection, in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// GetIAPProduct reads one product. An INACTIVE product is still returned; an id the app does not
// have is an error for which IsNotFound is true.
func (c *Client) GetIAPProduct(ctx context.Context, productID string) (*IAPProduct, error) {
	var out IAPProduct
	if err := catalogRead(ctx, c, iapProductsCollection, productID, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateIAPProduct replaces the writable fields and submits the product for review again.
func (c *Client) UpdateIAPProduct(ctx context.Context, productID string, in IAPProductInput) (*IAPProduct, error) {
	var out IAPProduct
	if err := catalogItemWrite(ctx, c, http.MethodPut, iapProductsCollection, productID, "", in, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeactivateIAPProduct is DELETE: the product becomes INACTIVE (the console cannot delete
// products) and is returned as such.
func (c *Client) DeactivateIAPProduct(ctx context.Context, productID string) (*IAPProduct, error) {
	var out IAPProduct
	if err := catalogItemWrite(ctx, c, http.MethodDelete, iapProductsCollection, productID, "", nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteIAPProduct is DeactivateIAPProduct for callers that only need the outcome.
func (c *Client) DeleteIAPProduct(ctx context.Context, productID string) error {
	_, err := c.DeactivateIAPProduct(ctx, productID)
	return err
}

// SetIAPProductStatus exposes (CatalogActive) or hides (CatalogInactive) a product.
func (c *Client) SetIAPProductStatus(ctx context.Context, productID, status string) (*IAPProduct, error) {
	var out IAPProduct
	if status != CatalogActive && status != CatalogInactive {
		return nil, fmt.Errorf("IAP product status %q: want %s or %s", status, CatalogActive, CatalogInactive)
	}
	if err := catalogItemWrite(ctx, c, http.MethodPut, iapProductsCollection, productID, "/status/"+status, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ListIAPProducts reads every product of the mini-app (INACTIVE ones included), all pages.
func (c *Client) ListIAPProducts(ctx context.Context) ([]IAPProduct, error) {
	return listAll[IAPProduct](ctx, c, iapProductsCollection)
}
