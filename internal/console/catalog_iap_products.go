package console

import (
	"context"
	"errors"
	"fmt"

	"github.com/appsintoss-terraform/terraform-provider-appsintoss/internal/client"
)

// IAP products through the console. No tool deletes a product: deactivating makes it INACTIVE.

const kindIAPProduct = "IAP product"

func productIDOf(p client.IAPProduct) string { return p.ProductID }

func (c *Catalog) fetchProducts(ctx context.Context) ([]client.IAPProduct, error) {
	return listAll[client.IAPProduct](ctx, c, toolIAPProductList)
}

// ListIAPProducts returns every product of the mini-app, INACTIVE ones included.
func (c *Catalog) ListIAPProducts(ctx context.Context) ([]client.IAPProduct, error) {
	var (
		items []client.IAPProduct
		err   error
	)
	if client.WantsFreshReads(ctx) {
		items, err = c.products.refresh(ctx, c.fetchProducts)
	} else {
		items, err = c.products.get(ctx, c.fetchProducts)
	}
	if err != nil {
		return nil, err
	}
	return copyList(items), nil
}

// GetIAPProduct reads a product from the snapshot, or with iap_product_get when the context asks
// for fresh reads. A missing one is an error for which NotFound() is true.
func (c *Catalog) GetIAPProduct(ctx context.Context, productID string) (*client.IAPProduct, error) {
	if !client.WantsFreshReads(ctx) {
		items, err := c.products.get(ctx, c.fetchProducts)
		if err != nil {
			return nil, err
		}
		return find(items, productID, productIDOf, kindIAPProduct, toolIAPProductList)
	}
	var out client.IAPProduct
	if err := c.callInto(ctx, toolIAPProductGet, callValues{id: productID}, &out); err != nil {
		return nil, err
	}
	c.products.replace(out, func(p client.IAPProduct) bool { return p.ProductID == productID })
	return &out, nil
}

// CreateIAPProduct registers a product and submits it for review (iap_product_create_inspection).
// A create whose answer was lost is never sent again: it is looked for among the products that
// did not exist before (reconcile.go).
func (c *Catalog) CreateIAPProduct(ctx context.Context, in client.IAPProductInput) (*client.IAPProduct, error) {
	values, err := inputValues(in)
	if err != nil {
		return nil, err
	}
	if err := c.knownProducts.load(ctx, c.productIDs); err != nil {
		return nil, err
	}
	defer c.products.invalidate()
	var out client.IAPProduct
	err = c.callInto(ctx, toolIAPProductCreateInspection, values, &out)
	var lost *LostAnswerError
	if errors.As(err, &lost) {
		return c.reconcileProduct(ctx, in, lost)
	}
	if err != nil {
		return nil, err
	}
	c.knownProducts.add(out.ProductID)
	return &out, nil
}

// productIDs lists the ids of every product (from the snapshot when there is one).
func (c *Catalog) productIDs(ctx context.Context) ([]string, error) {
	items, err := c.products.get(ctx, c.fetchProducts)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(items))
	for i, p := range items {
		ids[i] = p.ProductID
	}
	return ids, nil
}

// UpdateIAPProduct replaces the writable fields and submits the product for review again
// (iap_product_update_inspection).
func (c *Catalog) UpdateIAPProduct(ctx context.Context, productID string, in client.IAPProductInput) (*client.IAPProduct, error) {
	values, err := inputValues(in)
	if err != nil {
		return nil, err
	}
	values.id = productID
	return c.productMutation(ctx, toolIAPProductUpdateInspection, values)
}

// DeactivateIAPProduct makes a product INACTIVE: no tool deletes one.
func (c *Catalog) DeactivateIAPProduct(ctx context.Context, productID string) (*client.IAPProduct, error) {
	return c.SetIAPProductStatus(ctx, productID, client.CatalogInactive)
}

// SetIAPProductStatus exposes (ACTIVE) or hides (INACTIVE) a product (iap_product_change_status).
func (c *Catalog) SetIAPProductStatus(ctx context.Context, productID, status string) (*client.IAPProduct, error) {
	if status != client.CatalogActive && status != client.CatalogInactive {
		return nil, fmt.Errorf("IAP product status %q: want %s or %s", status, client.CatalogActive, client.CatalogInactive)
	}
	return c.productMutation(ctx, toolIAPProductChangeStatus,
		callValues{id: productID, call: map[string]any{"status": status}})
}

func (c *Catalog) productMutation(ctx context.Context, tool string, values callValues) (*client.IAPProduct, error) {
	defer c.products.invalidate()
	var out client.IAPProduct
	if err := c.mutation(ctx, tool, values, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
