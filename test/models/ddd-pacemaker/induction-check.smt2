; Hand encoding of models/ddd-pacemaker/ddd.vgl, task pace (times in ms). `z3 induction-check.smt2`
; answers unsat: the always-properties (without the leads_to ones) are 1-inductive together.
; 1-induction check of the DDD pacemaker's always-properties (hand encoding of task pace, in ms;
; adopt may set lri_req to any validated value; radio does not touch therapy).
(define-fun AVI () Int 150) (define-fun URI () Int 500) (define-fun VRP () Int 320) (define-fun PVARP () Int 250)
(define-fun ARP () Int 250) (define-fun T () Int 10) (define-fun LMAX () Int 2000)
(declare-const va Bool) (declare-const tv Int) (declare-const tav Int) (declare-const lri Int) (declare-const req Int)
(declare-const vv Int) (declare-const vr Bool) (declare-const ar Bool) (declare-const ap Bool) (declare-const vp Bool)
(declare-const asn Bool) (declare-const vs Bool) (declare-const req2 Int)
(define-fun mn ((a Int) (b Int)) Int (ite (< a b) a b))
(define-fun ranges ((va Bool) (tv Int) (tav Int) (lri Int) (req Int) (vv Int)) Bool
  (and (<= 0 tv 2000) (<= 0 tav 150) (<= 500 lri 2000) (<= 500 req 2000) (<= 0 vv 2000)))
(define-fun props ((va Bool) (tv Int) (tav Int) (lri Int) (req Int) (vv Int) (vr Bool) (ar Bool) (ap Bool) (vp Bool)) Bool
  (and (= (mod tv 10) 0) (= (mod tav 10) 0) (= (mod lri 10) 0) (= (mod req 10) 0)
       (=> va (< (+ tv AVI) lri))
       (=> (not va) (or (and (< tav AVI) (<= tv (+ (- lri AVI) tav))) (and (= tav AVI) (< tv URI))))
       (< tv lri)
       (=> vp (>= vv URI))
       (=> vp (>= tav AVI))
       (=> (and (not va) (>= tav AVI)) (< tv URI))
       (=> vr (and (> tv 0) (not vp)))
       (=> ar (and (not ap) (=> (not va) (> tav 0))))))
; next state
(define-fun vr2 () Bool (and vs (< tv VRP)))
(define-fun ar2 () Bool (and asn (or (and (not va) (< tav ARP)) (< tv PVARP))))
(define-fun sensV () Bool (and vs (>= tv VRP)))
(define-fun va2 () Bool (ite va (ite sensV true (ite (>= (+ tv T) (- lri AVI)) false (ite (and asn (>= tv PVARP)) false true)))
                              (ite sensV true (ite (and (>= (+ tav T) AVI) (>= (+ tv T) URI)) true false))))
(define-fun tv2 () Int (ite va (ite sensV 0 (ite (>= (+ tv T) (- lri AVI)) (mn (+ tv T) LMAX) (ite (and asn (>= tv PVARP)) (mn (+ tv T) LMAX) (+ tv T))))
                              (ite sensV 0 (ite (and (>= (+ tav T) AVI) (>= (+ tv T) URI)) 0 (ite (>= (+ tav T) AVI) (+ tv T) (mn (+ tv T) LMAX))))))
(define-fun tav2 () Int (ite va (ite sensV tav (ite (>= (+ tv T) (- lri AVI)) 0 (ite (and asn (>= tv PVARP)) 0 tav)))
                              (ite sensV (mn (+ tav T) AVI) (ite (and (>= (+ tav T) AVI) (>= (+ tv T) URI)) (mn (+ tav T) AVI) (ite (>= (+ tav T) AVI) AVI (+ tav T))))))
(define-fun lri2 () Int (ite (or sensV (and (not va) (>= (+ tav T) AVI) (>= (+ tv T) URI))) req lri))
(define-fun vv2 () Int (ite (or sensV (and (not va) (>= (+ tav T) AVI) (>= (+ tv T) URI))) (mn (+ tv T) LMAX) vv))
(define-fun ap2 () Bool (and va (not sensV) (>= (+ tv T) (- lri AVI))))
(define-fun vp2 () Bool (and (not va) (not sensV) (>= (+ tav T) AVI) (>= (+ tv T) URI)))
(assert (ranges va tv tav lri req vv))
(assert (props va tv tav lri req vv vr ar ap vp))
(assert (and (<= 500 req2 2000) (= (mod req2 10) 0)))  ; adopt: validated
(assert (not (and (ranges va2 tv2 tav2 lri2 req2 vv2) (<= 0 (+ tv T) 2000) (props va2 tv2 tav2 lri2 req2 vv2 vr2 ar2 ap2 vp2))))
(check-sat)
(get-model)
