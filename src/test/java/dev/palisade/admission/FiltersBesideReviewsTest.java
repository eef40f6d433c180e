package dev.palisade.admission;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.apache.catalina.Wrapper;
import org.apache.catalina.core.StandardContext;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.Test;

/** Filters mapped to every path end up on every servlet but the admission servlet; narrower mappings stay as they were. */
class FiltersBesideReviewsTest {

    @Test
    void filtersForEveryPathSkipTheAdmissionServletInTheirOrderWithTheirDispatchers() {
        StandardContext context = context();
        context.addFilterMap(map("encoding", "/*", "REQUEST", "ERROR", "ASYNC"));
        context.addFilterMap(map("upgrade", "/*", "REQUEST"));

        FiltersBesideReviews.scope(context, AdmissionServlet.NAME);

        FilterMap[] maps = context.findFilterMaps();
        assertEquals(List.of("encoding", "upgrade"), Arrays.stream(maps).map(FilterMap::getFilterName).toList());
        for (FilterMap map : maps) {
            assertArrayEquals(new String[] {"dispatcherServlet"}, map.getServletNames(), map.toString());
            assertEquals(0, map.getURLPatterns().length, map.toString());
        }
        assertArrayEquals(new String[] {"REQUEST", "ERROR", "ASYNC"}, sorted(maps[0].getDispatcherNames(), "REQUEST", "ERROR", "ASYNC"));
        assertArrayEquals(new String[] {"REQUEST"}, maps[1].getDispatcherNames());
    }

    @Test
    void aFilterOnNamedPathsKeepsItsMapping() {
        StandardContext context = context();
        FilterMap actuatorOnly = map("actuator", "/actuator/*", "REQUEST");
        context.addFilterMap(actuatorOnly);

        FiltersBesideReviews.scope(context, AdmissionServlet.NAME);

        assertArrayEquals(new FilterMap[] {actuatorOnly}, context.findFilterMaps());
    }

    private static StandardContext context() {
        StandardContext context = new StandardContext();
        for (String servlet : List.of("dispatcherServlet", AdmissionServlet.NAME)) {
            Wrapper wrapper = context.createWrapper();
            wrapper.setName(servlet);
            context.addChild(wrapper);
        }
        for (String filter : List.of("encoding", "upgrade", "actuator")) {
            FilterDef def = new FilterDef();
            def.setFilterName(filter);
            def.setFilterClass("jakarta.servlet.GenericFilter");
            context.addFilterDef(def);
        }
        return context;
    }

    private static FilterMap map(String filter, String pattern, String... dispatchers) {
        FilterMap map = new FilterMap();
        map.setFilterName(filter);
        map.addURLPattern(pattern);
        for (String dispatcher : dispatchers) {
            map.setDispatcher(dispatcher);
        }
        return map;
    }

    /** The dispatcher names in the given order (FilterMap lists them in an order of its own). */
    private static String[] sorted(String[] names, String... order) {
        List<String> present = Arrays.asList(names);
        return Arrays.stream(order).filter(present::contains).toArray(String[]::new);
    }
}
