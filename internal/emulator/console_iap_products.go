package emulator

import (
	"errors"
	"strconv"
	"strings"
)

// IAP product tools. The console reads products in its own model (reference §13.2: productId as
// an integer, productName, netPrice, productType, currentInspection) and takes create and update
// arguments in its own names (type, name, price, …, discountPolicies[].discountedNetPrice); the
// catalog contract underneath speaks productId as a string and discountedPrice. Products cannot
// be deleted: INACTIVE is how one is removed.

// consoleProduct is a product in the console's read model.
type consoleProduct struct {
	ProductID            int64                   `json:"productId"`
	SKU                  string                  `json:"sku,omitempty"`
	ProductType          string                  `json:"productType"`
	ProductName          string                  `json:"productName"`
	Description          string                  `json:"description"`
	NetPrice             int64                   `json:"netPrice"`
	GrossPrice           int64                   `json:"grossPrice"`
	IconImgURL           string                  `json:"iconImgUrl"`
	MinDeploymentID      string                  `json:"minDeploymentId,omitempty"`
	PostInspectionStatus string                  `json:"postInspectionStatus"`
	RenewalCycle         string                  `json:"renewalCycle,omitempty"`
	DiscountPolicies     []consoleDiscountPolicy `json:"discountPolicies,omitempty"`
	CatalogStatus        string                  `json:"catalogStatus"`
	CurrentInspection    *consoleInspection      `json:"currentInspection"`
}

type consoleDiscountPolicy struct {
	Type               string `json:"type"`
	Period             string `json:"period,omitempty"`
	DurationMonths     int    `json:"durationMonths,omitempty"`
	DiscountedNetPrice int64  `json:"discountedNetPrice,omitempty"`
}

// consoleInspection is the product's latest review (검수). The emulator numbers an inspection by
// the Unix microsecond it was submitted at, so a resubmission gets a new id.
type consoleInspection struct {
	ID      int64  `json:"id"`
	Status  string `json:"status"`
	Comment string `json:"comment,omitempty"`
}

// inspectionStatuses maps the contract's reviewStatus to the console's inspection status.
var inspectionStatuses = map[string]string{
	reviewInReview: "IN_PROGRESS",
	reviewApproved: reviewApproved,
	reviewRejected: reviewRejected,
}

func (gw *consoleGateway) iapProductList(tc *toolCall) (any, error) {
	payload, err := gw.contract(tc, gw.e.listIAPProducts, nil, tc.pageQuery(), nil)
	return mapPage(payload, err, func(v iapProductView) any { return gw.consoleProduct(tc.app, v) })
}

func (gw *consoleGateway) iapProductGet(tc *toolCall) (any, error) {
	return gw.productView(tc, gw.e.getIAPProduct, nil, nil)
}

func (gw *consoleGateway) iapProductCreate(tc *toolCall) (any, error) {
	v, err := viewAs[iapProductView](gw.contract(tc, gw.e.createIAPProduct, nil, nil, contractProductBody(tc.body())))
	if err != nil {
		return nil, consoleProductError(err)
	}
	return gw.consoleProduct(tc.app, v), nil
}

// iapProductUpdate replaces the writable fields and submits the product again. The tool has no
// postInspectionStatus, so the product keeps its own (the contract's PUT would reset it to ACTIVE).
func (gw *consoleGateway) iapProductUpdate(tc *toolCall) (any, error) {
	current, err := viewAs[iapProductView](gw.contract(tc, gw.e.getIAPProduct, productPath(tc), nil, nil))
	if err != nil {
		return nil, err
	}
	body := contractProductBody(tc.body("productId"))
	body["postInspectionStatus"] = current.PostInspectionStatus
	return gw.productView(tc, gw.e.updateIAPProduct, nil, body)
}

func (gw *consoleGateway) iapProductChangeStatus(tc *toolCall) (any, error) {
	return gw.productView(tc, gw.e.changeIAPProductStatus, map[string]string{"status": tc.str("status")}, nil)
}

// productView runs a handler on the product the call names and answers the console's view.
func (gw *consoleGateway) productView(tc *toolCall, h handlerFunc, extraPath map[string]string, body map[string]any) (any, error) {
	path := productPath(tc)
	for k, v := range extraPath {
		path[k] = v
	}
	v, err := viewAs[iapProductView](gw.contract(tc, h, path, nil, body))
	if err != nil {
		return nil, consoleProductError(err)
	}
	return gw.consoleProduct(tc.app, v), nil
}

// productPath is the contract's {productId}: the console's integer in its decimal string form.
func productPath(tc *toolCall) map[string]string {
	return map[string]string{"productId": tc.number("productId")}
}

// contractProductBody renames the console's create/update arguments to the contract's request
// body: discountedNetPrice is discountedPrice there, and currency (KRW) and defaultLocale (KO_KR),
// the only values the schema allows, are implied.
func contractProductBody(args map[string]any) map[string]any {
	delete(args, "currency")
	delete(args, "defaultLocale")
	policies, _ := args["discountPolicies"].([]any)
	for _, p := range policies {
		if policy, ok := p.(map[string]any); ok {
			if v, has := policy["discountedNetPrice"]; has {
				policy["discountedPrice"] = v
				delete(policy, "discountedNetPrice")
			}
		}
	}
	return args
}

// consoleProductError names the console's argument where the contract named its own.
func consoleProductError(err error) error {
	var ae *apiError
	if !errors.As(err, &ae) {
		return err
	}
	renamed := *ae
	renamed.Reason = strings.ReplaceAll(ae.Reason, "discountedPrice", "discountedNetPrice")
	if field, ok := ae.Data["field"].(string); ok {
		renamed.Data = map[string]any{"field": strings.ReplaceAll(field, "discountedPrice", "discountedNetPrice")}
	}
	return &renamed
}

func (gw *consoleGateway) consoleProduct(app string, v iapProductView) consoleProduct {
	id, _ := strconv.ParseInt(v.ProductID, 10, 64) // the contract's ids are decimal sequence numbers
	out := consoleProduct{ProductID: id, SKU: v.SKU, ProductType: v.Type, ProductName: v.Name,
		Description: v.Description, NetPrice: v.Price, GrossPrice: v.GrossPrice, IconImgURL: v.IconImgURL,
		MinDeploymentID: v.MinDeploymentID, PostInspectionStatus: v.PostInspectionStatus,
		RenewalCycle: v.RenewalCycle, CatalogStatus: v.CatalogStatus,
		CurrentInspection: &consoleInspection{ID: gw.inspectionID(app, v.ProductID),
			Status: inspectionStatuses[v.ReviewStatus], Comment: v.ReviewComment}}
	for _, d := range v.DiscountPolicies {
		out.DiscountPolicies = append(out.DiscountPolicies, consoleDiscountPolicy{Type: d.Type, Period: d.Period,
			DurationMonths: d.DurationMonths, DiscountedNetPrice: d.DiscountedPrice})
	}
	return out
}

// inspectionID reads when the product's current review was submitted.
func (gw *consoleGateway) inspectionID(app, productID string) int64 {
	gw.e.mu.Lock()
	defer gw.e.mu.Unlock()
	if a, ok := gw.e.st.Apps[app]; ok {
		if p, ok := a.IAPProducts[productID]; ok {
			return p.Review.SubmittedAt.UnixMicro()
		}
	}
	return 0
}
