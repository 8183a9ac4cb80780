/*-------------------------------------------------------------------------
 *
 * point_fmgr.c
 *	  Latitude and longitude of a PostGIS point (geometry or geography).
 *
 * PostGIS points are read straight from their serialized form (GSERIALIZED
 * v1 of PostGIS 2 and v2 of PostGIS 3; layout documented in PostGIS's
 * liblwgeom/gserialized.txt and gserialized2.c), which avoids a call into
 * PostGIS per value.  Every length, flag and type word is checked before it
 * is trusted.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <string.h>

#include "fmgr.h"

#include "common/logistics.h"
#include "point_fmgr.h"

/* ------------------------------------------------------------------------
 * Reading PostGIS points
 * ------------------------------------------------------------------------
 */

#define GS_FLAG_Z			0x01
#define GS_FLAG_M			0x02
#define GS_FLAG_BBOX		0x04
#define GS_FLAG_GEODETIC	0x08
#define GS_FLAG_EXTENDED	0x10	/* v2 only; "read-only" in v1 */
#define GS_FLAG_VERSION		0x40	/* set in v2 */
#define GS_FLAG_FUTURE		0x80	/* a later version: refuse */

#define GS_POINTTYPE		1
#define GS_SRID_WGS84		4326

static const char *const gs_type_names[] = {
	"unknown", "Point", "LineString", "Polygon", "MultiPoint",
	"MultiLineString", "MultiPolygon", "GeometryCollection", "CircularString",
	"CompoundCurve", "CurvePolygon", "MultiCurve", "MultiSurface",
	"PolyhedralSurface", "Triangle", "TIN"
};

static uint32
gs_read_u32(const char *p)
{
	uint32		v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static double
gs_read_f8(const char *p)
{
	double		v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * Latitude and longitude (degrees) of a serialized PostGIS point in SRID
 * 4326.  "what" names the argument in messages ("geometry", "geography").
 * The datum may be in short-header or compressed form; only compressed or
 * external values are copied, so reading a column costs no allocation.
 */
void
lg_point_lat_lon(Datum d, const char *what, double *lat, double *lon)
{
	struct varlena *v = PG_DETOAST_DATUM_PACKED(d);
	const char *p = VARDATA_ANY(v);
	Size		len = VARSIZE_ANY_EXHDR(v);
	uint8		flags;
	int32		srid;
	Size		off;
	uint32		type,
				npoints;
	int			ndims;

	/* srid[3], flags, then optional elements, then <type><npoints> */
	if (len < 4)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("malformed %s value: %zu bytes", what, len)));
	flags = (uint8) p[3];
	if (flags & GS_FLAG_FUTURE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported %s serialization (flags 0x%02x)",
						what, flags)));

	/* 21-bit signed SRID, big-endian in srid[3]; 0 means unknown */
	srid = ((int32) (uint8) p[0] << 16) | ((int32) (uint8) p[1] << 8) |
		(int32) (uint8) p[2];
	if (srid & 0x100000)
		srid -= 0x200000;

	ndims = 2 + ((flags & GS_FLAG_Z) ? 1 : 0) + ((flags & GS_FLAG_M) ? 1 : 0);
	off = 4;
	if ((flags & GS_FLAG_VERSION) && (flags & GS_FLAG_EXTENDED))
		off += 8;				/* v2 extended flags */
	if (flags & GS_FLAG_BBOX)
		off += ((flags & GS_FLAG_GEODETIC) ? 6 : 2 * ndims) * sizeof(float);
	if (len < off + 8)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("malformed %s value: %zu bytes", what, len)));
	type = gs_read_u32(p + off);
	npoints = gs_read_u32(p + off + 4);

	if (type != GS_POINTTYPE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a point, got %s: use ST_Centroid or ST_PointOnSurface to get one",
						what, type < lengthof(gs_type_names) ?
						gs_type_names[type] : "an unknown type")));
	if (npoints == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be an empty point", what)));
	if (npoints != 1 || len < off + 8 + ndims * sizeof(double))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("malformed %s point value", what)));
	if (srid != GS_SRID_WGS84)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be in SRID 4326 (WGS 84 longitude, latitude), got SRID %d: transform it with ST_Transform(%s, 4326), or set the SRID with ST_SetSRID if the coordinates are WGS 84 degrees",
						what, srid, what)));

	/* x is the longitude, y the latitude */
	*lon = gs_read_f8(p + off + 8);
	*lat = gs_read_f8(p + off + 16);
	lg_check_lat_lon(*lat, *lon);

	if ((Pointer) v != DatumGetPointer(d))
		pfree(v);
}
