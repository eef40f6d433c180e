package dev.palisade.admission;

import java.util.ArrayList;
import java.util.List;
import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * Keeps the servlet filters that Spring Boot and Tomcat register for every path (character encoding, form content,
 * request context, the {@code http.server.requests} observation, WebSocket upgrade) on the servlets that use them, and
 * off {@code /validate}: a review is raw bytes in and out, none of them does anything for it, and the chain of five cost
 * about a twentieth of the webhook's CPU per review. Each filter's mapping for every path becomes a mapping by servlet
 * name, naming every servlet of the context but the admission servlet, with the same dispatcher types, in the same order.
 */
final class FiltersBesideReviews {
    private FiltersBesideReviews() {}

    /** Rewrites the filter mappings once the context has started (Spring Boot adds its filters while it starts). */
    static void install(Context context, String admissionServlet) {
        context.addLifecycleListener(event -> {
            if (Lifecycle.AFTER_START_EVENT.equals(event.getType())) {
                scope(context, admissionServlet);
            }
        });
    }

    static void scope(Context context, String admissionServlet) {
        List<String> others = new ArrayList<>();
        for (Container child : context.findChildren()) {
            if (!child.getName().equals(admissionServlet)) {
                others.add(child.getName());
            }
        }
        FilterMap[] maps = context.findFilterMaps();
        for (FilterMap map : maps) {
            context.removeFilterMap(map);
        }
        for (FilterMap map : maps) {
            context.addFilterMap(appliesToAll(map) ? byServlet(map, others) : map);
        }
    }

    private static boolean appliesToAll(FilterMap map) {
        if (map.getMatchAllServletNames()) {
            return true;
        }
        for (String pattern : map.getURLPatterns()) {
            if (pattern.equals("/*") || pattern.equals("/")) {
                return true;
            }
        }
        return false;
    }

    private static FilterMap byServlet(FilterMap map, List<String> servlets) {
        FilterMap scoped = new FilterMap();
        scoped.setFilterName(map.getFilterName());
        for (String dispatcher : map.getDispatcherNames()) {
            scoped.setDispatcher(dispatcher);
        }
        for (String pattern : map.getURLPatterns()) {
            if (!pattern.equals("/*") && !pattern.equals("/")) {
                scoped.addURLPattern(pattern);
            }
        }
        servlets.forEach(scoped::addServletName);
        return scoped;
    }
}
