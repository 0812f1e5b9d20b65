package emulator

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
)

// IAP product rules of the console (reference §4.2).
const (
	productConsumable    = "CONSUMABLE"
	productNonConsumable = "NON_CONSUMABLE"
	productSubscription  = "SUBSCRIPTION"

	catalogNotRegisteredYet = "NOT_REGISTERED_YET"
	catalogActive           = "ACTIVE"
	catalogInactive         = "INACTIVE"

	maxProductNameRunes        = 30
	maxProductDescriptionRunes = 45
	minNetPrice                = 400
	maxNetPrice                = 1_400_000
	netPriceStep               = 10
	maxDiscountMonths          = 12

	discountFreeTrial       = "FREE_TRIAL"
	discountNewSubscription = "NEW_SUBSCRIPTION"
	discountReturning       = "RETURNING"
)

var (
	productTypes     = []string{productConsumable, productNonConsumable, productSubscription}
	renewalCycles    = []string{"WEEKLY", "MONTHLY", "YEARLY"}
	freeTrialPeriods = []string{"THREE_DAYS", "ONE_WEEK", "TWO_WEEKS", "ONE_MONTH"}
	discountTypes    = []string{discountFreeTrial, discountNewSubscription, discountReturning}
	exposureStatuses = []string{catalogActive, catalogInactive}
)

// iapProduct is an in-app purchase product. price is the net (공급가) price; grossPrice (판매가)
// adds 10 % VAT, which is always a whole number because price is a multiple of 10.
type iapProduct struct {
	Seq                  int64            `json:"seq"`
	App                  string           `json:"app"`
	ProductID            string           `json:"productId"`
	SKU                  string           `json:"sku,omitempty"`
	Type                 string           `json:"type"`
	Name                 string           `json:"name"`
	Description          string           `json:"description,omitempty"`
	Price                int64            `json:"price"`
	IconImgURL           string           `json:"iconImgUrl,omitempty"`
	MinDeploymentID      string           `json:"minDeploymentId,omitempty"`
	PostInspectionStatus string           `json:"postInspectionStatus"`
	RenewalCycle         string           `json:"renewalCycle,omitempty"`
	DiscountPolicies     []discountPolicy `json:"discountPolicies,omitempty"`
	CatalogStatus        string           `json:"catalogStatus"`
	Review               review           `json:"review"`
}

type discountPolicy struct {
	Type            string `json:"type"`
	Period          string `json:"period,omitempty"`
	DurationMonths  int    `json:"durationMonths,omitempty"`
	DiscountedPrice int64  `json:"discountedPrice,omitempty"`
}

type iapProductView struct {
	ProductID            string           `json:"productId"`
	SKU                  string           `json:"sku,omitempty"`
	Type                 string           `json:"type"`
	Name                 string           `json:"name"`
	Description          string           `json:"description,omitempty"`
	Price                int64            `json:"price"`
	GrossPrice           int64            `json:"grossPrice"`
	IconImgURL           string           `json:"iconImgUrl,omitempty"`
	MinDeploymentID      string           `json:"minDeploymentId,omitempty"`
	PostInspectionStatus string           `json:"postInspectionStatus"`
	RenewalCycle         string           `json:"renewalCycle,omitempty"`
	DiscountPolicies     []discountPolicy `json:"discountPolicies,omitempty"`
	CatalogStatus        string           `json:"catalogStatus"`
	ReviewStatus         string           `json:"reviewStatus"`
	ReviewComment        string           `json:"reviewComment,omitempty"`
}

func (p *iapProduct) view() iapProductView {
	return iapProductView{ProductID: p.ProductID, SKU: p.SKU, Type: p.Type, Name: p.Name,
		Description: p.Description, Price: p.Price, GrossPrice: grossPrice(p.Price), IconImgURL: p.IconImgURL,
		MinDeploymentID: p.MinDeploymentID, PostInspectionStatus: p.PostInspectionStatus,
		RenewalCycle: p.RenewalCycle, DiscountPolicies: p.DiscountPolicies, CatalogStatus: p.CatalogStatus,
		ReviewStatus: p.Review.Status, ReviewComment: p.Review.Comment}
}

// grossPrice is 판매가 = 공급가 + VAT 10 %, rounded half up to whole KRW (exact for valid prices,
// which are multiples of 10).
func grossPrice(net int64) int64 { return net + (net+5)/10 }

// register is the first approval: the product joins the store catalogue in the state the partner
// wished for (postInspectionStatus, the console's 노출 여부) and gets its server-assigned sku.
func (p *iapProduct) register() {
	p.CatalogStatus = p.PostInspectionStatus
	if p.SKU == "" {
		p.SKU = newSKU(p.App, p.Seq)
	}
}

type iapProductInput struct {
	Type                 *string               `json:"type"`
	Name                 *string               `json:"name"`
	Description          *string               `json:"description"`
	Price                *int64                `json:"price"`
	IconImgURL           *string               `json:"iconImgUrl"`
	MinDeploymentID      *string               `json:"minDeploymentId"`
	PostInspectionStatus *string               `json:"postInspectionStatus"`
	RenewalCycle         *string               `json:"renewalCycle"`
	DiscountPolicies     []discountPolicyInput `json:"discountPolicies"`
}

type discountPolicyInput struct {
	Type            *string `json:"type"`
	Period          *string `json:"period"`
	DurationMonths  *int    `json:"durationMonths"`
	DiscountedPrice *int64  `json:"discountedPrice"`
}

// validate applies the console's rules to the writable fields for a product of type kind.
// description and iconImgUrl are required, as the console's form requires them, so that any
// product can be adopted into configuration; postInspectionStatus defaults to ACTIVE.
func (in iapProductInput) validate(kind string) error {
	if err := requiredText("name", in.Name, maxProductNameRunes); err != nil {
		return err
	}
	if err := requiredText("description", in.Description, maxProductDescriptionRunes); err != nil {
		return err
	}
	if in.Price == nil || !validNetPrice(*in.Price) {
		return invalidParameter("price", "price(공급가, 부가세 제외)는 400원 이상 1,400,000원 이하, 10원 단위여야 해요.")
	}
	if err := requiredText("iconImgUrl", in.IconImgURL, 0); err != nil {
		return err
	}
	if u, err := url.Parse(*in.IconImgURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return invalidParameter("iconImgUrl", "iconImgUrl은 http(s) URL이어야 해요.")
	}
	if in.PostInspectionStatus != nil && !slices.Contains(exposureStatuses, *in.PostInspectionStatus) {
		return invalidParameter("postInspectionStatus", "postInspectionStatus는 ACTIVE 또는 INACTIVE예요.")
	}
	if kind != productSubscription {
		if in.RenewalCycle != nil && *in.RenewalCycle != "" {
			return invalidParameter("renewalCycle", "renewalCycle은 구독(SUBSCRIPTION) 상품에만 쓸 수 있어요.")
		}
		if len(in.DiscountPolicies) > 0 {
			return invalidParameter("discountPolicies", "discountPolicies는 구독(SUBSCRIPTION) 상품에만 쓸 수 있어요.")
		}
		return nil
	}
	if in.RenewalCycle == nil || !slices.Contains(renewalCycles, *in.RenewalCycle) {
		return invalidParameter("renewalCycle", "구독 상품의 renewalCycle은 WEEKLY, MONTHLY, YEARLY 중 하나예요.")
	}
	seen := map[string]bool{}
	for i, d := range in.DiscountPolicies {
		if err := d.validate(fmt.Sprintf("discountPolicies[%d]", i), *in.Price); err != nil {
			return err
		}
		if seen[*d.Type] {
			return invalidParameter(fmt.Sprintf("discountPolicies[%d].type", i), "할인 정책은 유형마다 하나만 둘 수 있어요.")
		}
		seen[*d.Type] = true
	}
	return nil
}

func (d discountPolicyInput) validate(field string, price int64) error {
	if d.Type == nil || !slices.Contains(discountTypes, *d.Type) {
		return invalidParameter(field+".type", "type은 FREE_TRIAL, NEW_SUBSCRIPTION, RETURNING 중 하나예요.")
	}
	if *d.Type == discountFreeTrial {
		if d.Period == nil || !slices.Contains(freeTrialPeriods, *d.Period) {
			return invalidParameter(field+".period", "FREE_TRIAL에는 period(THREE_DAYS, ONE_WEEK, TWO_WEEKS, ONE_MONTH 중 하나)가 필요해요.")
		}
		if d.DurationMonths != nil || d.DiscountedPrice != nil {
			return invalidParameter(field, "FREE_TRIAL에는 durationMonths나 discountedPrice 대신 period를 써 주세요.")
		}
		return nil
	}
	if d.Period != nil {
		return invalidParameter(field+".period", "period는 FREE_TRIAL에만 쓸 수 있어요.")
	}
	if d.DurationMonths == nil || *d.DurationMonths < 1 || *d.DurationMonths > maxDiscountMonths {
		return invalidParameter(field+".durationMonths", "durationMonths는 1 이상 12 이하여야 해요.")
	}
	if d.DiscountedPrice == nil || *d.DiscountedPrice < 1 || *d.DiscountedPrice >= price {
		return invalidParameter(field+".discountedPrice", "discountedPrice(공급가)는 0보다 크고 price보다 작아야 해요.")
	}
	return nil
}

func validNetPrice(p int64) bool {
	return p >= minNetPrice && p <= maxNetPrice && p%netPriceStep == 0
}

func (in iapProductInput) applyTo(p *iapProduct) {
	p.Name, p.Description, p.Price = *in.Name, deref(in.Description), *in.Price
	p.IconImgURL, p.MinDeploymentID = deref(in.IconImgURL), deref(in.MinDeploymentID)
	p.PostInspectionStatus = catalogActive // the console's 노출 여부 defaults to exposed
	if in.PostInspectionStatus != nil {
		p.PostInspectionStatus = *in.PostInspectionStatus
	}
	p.RenewalCycle = deref(in.RenewalCycle)
	p.DiscountPolicies = nil
	for _, d := range in.DiscountPolicies {
		p.DiscountPolicies = append(p.DiscountPolicies, discountPolicy{Type: *d.Type, Period: deref(d.Period),
			DurationMonths: deref(d.DurationMonths), DiscountedPrice: deref(d.DiscountedPrice)})
	}
}

// newSKU follows the server-assigned shape of the docs' sample,
// ait.0000010000.af647449.3bd55cfd00.0000000475: an app number, an app hash, a random part, the
// product id.
func newSKU(app string, productID int64) string {
	sum := sha256.Sum256([]byte(app))
	appNo := binary.BigEndian.Uint32(sum[:4]) % 100_000
	return fmt.Sprintf("ait.%010d.%s.%s.%010d", appNo, hex.EncodeToString(sum[4:8]), randomHex(5), productID)
}

func (e *Emulator) listIAPProducts(c *call) (any, error) {
	return e.withApp(c, func(a *appState) (any, error) {
		return listPage(c, slices.Collect(maps.Values(a.IAPProducts)),
			func(p *iapProduct) int64 { return p.Seq }, func(p *iapProduct) any { return p.view() })
	})
}

// createIAPProduct submits a product for review (catalogStatus NOT_REGISTERED_YET). Products
// cannot be deleted in the console, so every product counts toward the cap.
func (e *Emulator) createIAPProduct(c *call) (any, error) {
	var in iapProductInput
	if err := decodeBody(c.body, &in); err != nil {
		return nil, err
	}
	if in.Type == nil || !slices.Contains(productTypes, *in.Type) {
		return nil, invalidParameter("type", "type은 CONSUMABLE, NON_CONSUMABLE, SUBSCRIPTION 중 하나예요.")
	}
	if err := in.validate(*in.Type); err != nil {
		return nil, err
	}
	return e.withApp(c, func(a *appState) (any, error) {
		if len(a.IAPProducts) >= e.cfg.IAPProductCap {
			return nil, conflict(fmt.Sprintf("인앱 결제 상품은 미니앱마다 %d개까지 등록할 수 있어요.", e.cfg.IAPProductCap))
		}
		seq := e.st.nextSeq()
		p := &iapProduct{Seq: seq, App: c.app, ProductID: strconv.FormatInt(seq, 10),
			Type: *in.Type, CatalogStatus: catalogNotRegisteredYet}
		in.applyTo(p)
		p.Review.submit(c.now)
		e.settle(&p.Review, c.now, p.register)
		a.IAPProducts[p.ProductID] = p
		return p.view(), nil
	})
}

func (a *appState) iapProduct(c *call) (*iapProduct, error) {
	id := c.r.PathValue("productId")
	p, ok := a.IAPProducts[id]
	if !ok {
		return nil, notFound(fmt.Sprintf("인앱 결제 상품 %s을(를) 찾을 수 없어요.", id))
	}
	return p, nil
}

func (e *Emulator) getIAPProduct(c *call) (any, error) {
	return e.withApp(c, func(a *appState) (any, error) {
		p, err := a.iapProduct(c)
		if err != nil {
			return nil, err
		}
		return p.view(), nil
	})
}

// updateIAPProduct is the console's update_inspection: the writable fields are replaced and the
// product is reviewed again; its catalogStatus is kept. The type cannot change.
func (e *Emulator) updateIAPProduct(c *call) (any, error) {
	var in iapProductInput
	if err := decodeBody(c.body, &in); err != nil {
		return nil, err
	}
	return e.withApp(c, func(a *appState) (any, error) {
		p, err := a.iapProduct(c)
		if err != nil {
			return nil, err
		}
		if in.Type != nil && *in.Type != p.Type {
			return nil, invalidParameter("type", "상품 유형(type)은 바꿀 수 없어요. 새 상품으로 등록해 주세요.")
		}
		if err := in.validate(p.Type); err != nil {
			return nil, err
		}
		in.applyTo(p)
		p.Review.submit(c.now)
		e.settle(&p.Review, c.now, p.register)
		return p.view(), nil
	})
}

// changeIAPProductStatus is PUT /iap-products/{productId}/status/{ACTIVE|INACTIVE}: it exposes or
// hides a registered product. Before the first approval there is no catalogue entry yet, so the
// call only records the wish (postInspectionStatus) that registration will apply.
func (e *Emulator) changeIAPProductStatus(c *call) (any, error) {
	status := c.r.PathValue("status")
	if !slices.Contains(exposureStatuses, status) {
		return nil, invalidParameter("status", "status는 ACTIVE 또는 INACTIVE예요.")
	}
	return e.withApp(c, func(a *appState) (any, error) {
		p, err := a.iapProduct(c)
		if err != nil {
			return nil, err
		}
		p.PostInspectionStatus = status
		if p.CatalogStatus != catalogNotRegisteredYet {
			p.CatalogStatus = status
		}
		return p.view(), nil
	})
}

// deleteIAPProduct deactivates: the console cannot delete products, so DELETE means INACTIVE and
// the product stays readable.
func (e *Emulator) deleteIAPProduct(c *call) (any, error) {
	return e.withApp(c, func(a *appState) (any, error) {
		p, err := a.iapProduct(c)
		if err != nil {
			return nil, err
		}
		p.PostInspectionStatus, p.CatalogStatus = catalogInactive, catalogInactive
		return p.view(), nil
	})
}
